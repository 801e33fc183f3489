package io.gaas.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.gaas.support.EmbeddedPostgresSupport;
import io.gaas.support.UserRows;

/**
 * The migration that adds the account's last entry time starts each existing account from its
 * newest entry so far, on both databases: entries written after it can never be earlier.
 */
class LastEntryTimeMigrationTests {

    private static final Instant EARLIER = Instant.parse("2026-11-27T10:15:30.182Z");
    private static final Instant LATEST = Instant.parse("2026-11-27T10:15:30.200Z");

    @ParameterizedTest
    @ValueSource(strings = { "h2", "postgresql" })
    void migrateWhenAccountsHaveEntriesThenTheirLastEntryTimeIsTheirNewestEntrysTime(String database) {
        SingleConnectionDataSource dataSource = dataSource(database);
        try {
            migrateExistingRows(dataSource);
        }
        finally {
            dataSource.destroy();
        }
    }

    private static void migrateExistingRows(SingleConnectionDataSource dataSource) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        migrate(dataSource, "6");
        UUID withEntries = accountWithEntries(jdbc, "withentries");
        UUID withoutEntries = UserRows.insertUser(jdbc, "withoutentries", EARLIER);
        jdbc.sql("INSERT INTO quota_accounts (user_id, balance, ledger_seq) VALUES (:id, 0, 0)")
            .param("id", withoutEntries)
            .update();

        migrate(dataSource, "7");

        assertThat(lastEntryAt(jdbc, withEntries)).hasValueSatisfying(at -> assertThat(at.toInstant()).isEqualTo(LATEST));
        assertThat(lastEntryAt(jdbc, withoutEntries)).isEmpty();
    }

    /** Three entries whose times are out of sequence order, as concurrent writers used to leave them. */
    private static UUID accountWithEntries(JdbcClient jdbc, String username) {
        UUID user = UserRows.insertUser(jdbc, username, EARLIER);
        jdbc.sql("INSERT INTO quota_accounts (user_id, balance, ledger_seq) VALUES (:id, 8, 3)").param("id", user).update();
        insertEntry(jdbc, user, 1, EARLIER, "10.00", "10.00");
        insertEntry(jdbc, user, 2, LATEST, "-1.00", "9.00");
        insertEntry(jdbc, user, 3, EARLIER.plusMillis(3), "-1.00", "8.00");
        return user;
    }

    private static void insertEntry(JdbcClient jdbc, UUID user, long seq, Instant at, String delta, String balance) {
        jdbc.sql("""
                INSERT INTO quota_ledger (id, user_id, seq, created_at, kind, delta_hours, balance_after, actor)
                VALUES (:id, :user, :seq, :at, :kind, :delta, :balance, 'admin')""")
            .param("id", UUID.randomUUID())
            .param("user", user)
            .param("seq", seq)
            .param("at", at.atOffset(ZoneOffset.UTC))
            .param("kind", seq == 1 ? "INITIAL_GRANT" : "ADMIN_ADJUSTMENT")
            .param("delta", new BigDecimal(delta))
            .param("balance", new BigDecimal(balance))
            .update();
    }

    private static Optional<OffsetDateTime> lastEntryAt(JdbcClient jdbc, UUID user) {
        return jdbc.sql("SELECT last_entry_at FROM quota_accounts WHERE user_id = :id")
            .param("id", user)
            .query((row, n) -> Optional.ofNullable(row.getObject(1, OffsetDateTime.class)))
            .single();
    }

    private static void migrate(SingleConnectionDataSource dataSource, String target) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target(target).load().migrate();
    }

    private static SingleConnectionDataSource dataSource(String database) {
        if (database.equals("h2")) {
            return new SingleConnectionDataSource("jdbc:h2:mem:migration;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa",
                    "", true);
        }
        return new SingleConnectionDataSource(EmbeddedPostgresSupport.newDatabase(), "postgres", "postgres", true);
    }
}
