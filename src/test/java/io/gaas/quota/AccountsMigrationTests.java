package io.gaas.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.gaas.support.EmbeddedPostgresSupport;
import io.gaas.support.UserRows;

/**
 * A database written by v1 comes through every later migration, up to the one that makes users
 * and projects both accounts, with its data unchanged, on both databases: every v1 column of every
 * account, ledger entry, job and history row holds what it held (the ledger's {@code user_id} is
 * now {@code account_id}), every account is a USER account without an allocation, no job is
 * charged to a project, and the ledger still adds up to each balance.
 */
class AccountsMigrationTests {

    /** The last migration of v1: its schema is what a v1 installation runs on. */
    private static final String V1 = "8";

    private static final Instant AT = Instant.parse("2026-10-30T09:00:00Z");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "h2", "postgresql" })
    void migrateWhenAV1DatabaseHasDataThenEveryV1ValueIsUnchangedAndEveryAccountIsAUsers(String vendor) {
        SingleConnectionDataSource dataSource = dataSource(vendor);
        try {
            JdbcClient jdbc = JdbcClient.create(dataSource);
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target(V1).load().migrate();
            writeV1Data(jdbc);
            Map<String, List<Map<String, Object>>> before = snapshot(jdbc, "user_id");

            Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
                .load()
                .migrate();

            Map<String, List<Map<String, Object>>> after = snapshot(jdbc, "account_id");
            before.forEach((table, rows) -> assertThat(after.get(table)).as(table).hasSameSizeAs(rows));
            before.forEach((table, rows) -> {
                for (int i = 0; i < rows.size(); i++) {
                    assertThat(after.get(table).get(i)).as(table + " row " + i).containsAllEntriesOf(rows.get(i));
                }
            });
            assertThat(jdbc.sql("SELECT DISTINCT account_type FROM quota_accounts").query(String.class).list())
                .containsExactly("USER");
            assertThat(jdbc.sql("SELECT count(*) FROM quota_accounts WHERE allocation_hours IS NOT NULL "
                    + "OR low_balance_hours IS NOT NULL OR next_refill_at IS NOT NULL OR last_refill_at IS NOT NULL")
                .query(Long.class)
                .single()).isZero();
            assertThat(jdbc.sql("SELECT count(*) FROM gpu_jobs WHERE project_id IS NOT NULL").query(Long.class).single())
                .isZero();
            assertThat(jdbc.sql("""
                    SELECT count(*) FROM quota_accounts a
                    WHERE a.balance <> (SELECT COALESCE(SUM(l.delta_hours), 0) FROM quota_ledger l
                                        WHERE l.account_id = a.account_id)""").query(Long.class).single()).isZero();
            assertThatThrownBy(() -> jdbc.sql("UPDATE quota_accounts SET balance = -1").update())
                .isInstanceOf(DataIntegrityViolationException.class);
        }
        finally {
            dataSource.destroy();
        }
    }

    /** Two users as v1 leaves them: grants, a charge, a refund, an adjustment, jobs and a history. */
    private static void writeV1Data(JdbcClient jdbc) {
        UUID alice = UserRows.insertUser(jdbc, "alice", AT);
        UUID bob = UserRows.insertUser(jdbc, "bob", AT);
        account(jdbc, alice, "7.75", 4);
        entry(jdbc, alice, 1, "INITIAL_GRANT", "10.00", "10.00", null);
        UUID completed = job(jdbc, alice, "COMPLETED", "3.00", "0.75");
        entry(jdbc, alice, 2, "JOB_CHARGE", "-3.00", "7.00", completed);
        entry(jdbc, alice, 3, "JOB_REFUND", "2.25", "9.25", completed);
        entry(jdbc, alice, 4, "ADMIN_ADJUSTMENT", "-1.50", "7.75", null);
        history(jdbc, completed, 0, "APPROVED");
        history(jdbc, completed, 1, "PROCESSING");
        history(jdbc, completed, 2, "COMPLETED");
        account(jdbc, bob, "8.00", 2);
        entry(jdbc, bob, 1, "INITIAL_GRANT", "10.00", "10.00", null);
        UUID pending = job(jdbc, bob, "PENDING", "2.00", null);
        entry(jdbc, bob, 2, "JOB_CHARGE", "-2.00", "8.00", pending);
    }

    private static void account(JdbcClient jdbc, UUID user, String balance, long seq) {
        jdbc.sql("INSERT INTO quota_accounts (user_id, balance, ledger_seq, last_entry_at) VALUES (:id, :b, :seq, :at)")
            .param("id", user)
            .param("b", new BigDecimal(balance))
            .param("seq", seq)
            .param("at", AT.plusSeconds(seq).atOffset(ZoneOffset.UTC))
            .update();
    }

    private static void entry(JdbcClient jdbc, UUID user, long seq, String kind, String delta, String balance, UUID job) {
        jdbc.sql("""
                INSERT INTO quota_ledger (id, user_id, seq, created_at, kind, delta_hours, balance_after, job_id, note, actor)
                VALUES (:id, :user, :seq, :at, :kind, :delta, :balance, :job, :note, 'admin')""")
            .param("id", UUID.randomUUID())
            .param("user", user)
            .param("seq", seq)
            .param("at", AT.plusSeconds(seq).atOffset(ZoneOffset.UTC))
            .param("kind", kind)
            .param("delta", new BigDecimal(delta))
            .param("balance", new BigDecimal(balance))
            .param("job", job)
            .param("note", kind.equals("ADMIN_ADJUSTMENT") ? "course ended" : null)
            .update();
    }

    private static UUID job(JdbcClient jdbc, UUID owner, String status, String gpuHours, String usedHours) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO gpu_jobs (id, owner_id, owner_username, name, description, gpu_hours, used_hours, status,
                                      created_at, updated_at, version)
                VALUES (:id, :owner, (SELECT username FROM users WHERE id = :owner), 'train', 'resnet', :gpu, :used,
                        :status, :at, :at, 0)""")
            .param("id", id)
            .param("owner", owner)
            .param("gpu", new BigDecimal(gpuHours))
            .param("used", usedHours == null ? null : new BigDecimal(usedHours))
            .param("status", status)
            .param("at", AT.atOffset(ZoneOffset.UTC))
            .update();
        return id;
    }

    private static void history(JdbcClient jdbc, UUID job, int seq, String status) {
        jdbc.sql("""
                INSERT INTO job_history (job_id, seq, status, changed_at, actor, reason)
                VALUES (:job, :seq, :status, :at, 'admin', NULL)""")
            .param("job", job)
            .param("seq", seq)
            .param("status", status)
            .param("at", AT.plusSeconds(60L * (seq + 1)).atOffset(ZoneOffset.UTC))
            .update();
    }

    /**
     * Every row of the v1 tables in a fixed order, keyed by column name; the account column is read
     * under its v1 name so that before and after compare directly.
     */
    private static Map<String, List<Map<String, Object>>> snapshot(JdbcClient jdbc, String accountColumn) {
        Map<String, List<Map<String, Object>>> tables = new HashMap<>();
        tables.put("users", rows(jdbc, "SELECT * FROM users ORDER BY username"));
        tables.put("quota_accounts", rows(jdbc, "SELECT a.*, " + accountColumn + " AS v1_account "
                + "FROM quota_accounts a ORDER BY balance"));
        tables.put("quota_ledger", rows(jdbc, "SELECT l.*, " + accountColumn + " AS v1_account "
                + "FROM quota_ledger l ORDER BY created_at, delta_hours"));
        tables.put("gpu_jobs", rows(jdbc, "SELECT * FROM gpu_jobs ORDER BY gpu_hours"));
        tables.put("job_history", rows(jdbc, "SELECT * FROM job_history ORDER BY changed_at"));
        return tables;
    }

    /** The rows without the renamed column itself (compared through its alias v1_account instead). */
    private static List<Map<String, Object>> rows(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query().listOfRows().stream().map(row -> {
            Map<String, Object> copy = new HashMap<>(row);
            copy.remove("user_id");
            copy.remove("account_id");
            return copy;
        }).toList();
    }

    private static SingleConnectionDataSource dataSource(String vendor) {
        if (vendor.equals("h2")) {
            return new SingleConnectionDataSource("jdbc:h2:mem:accounts-" + UUID.randomUUID()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "", true);
        }
        return new SingleConnectionDataSource(EmbeddedPostgresSupport.newDatabase(), "postgres", "postgres", true);
    }
}
