package io.gaas.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.gaas.support.EmbeddedPostgresSupport;
import io.gaas.throttle.ThrottleLocks;

/**
 * The upgrade from per-username failure counts (V6) to counts per username and address (V21), on
 * both databases: a name that was locked out before the upgrade can log in after it, and the
 * registrations counted per address survive it.
 */
class LoginFailuresMigrationTests {

    private static final Instant NOW = Instant.parse("2026-12-01T10:15:30Z");
    private static final String ADDRESS = "198.51.100.7";

    @ParameterizedTest
    @ValueSource(strings = { "h2", "postgresql" })
    void migrateWhenANameHadFiveFailuresThenItIsNotLockedOutAndRegistrationsStayCounted(String database) {
        SingleConnectionDataSource dataSource = dataSource(database);
        try {
            JdbcClient jdbc = JdbcClient.create(dataSource);
            migrate(dataSource, database, lastBefore21(dataSource, database));
            jdbc.sql("INSERT INTO login_throttles (username) VALUES ('alice')").update();
            for (int i = 0; i < 5; i++) {
                jdbc.sql("INSERT INTO login_failures (id, username, failed_at) VALUES (:id, 'alice', :at)")
                    .param("id", UUID.randomUUID())
                    .param("at", NOW.minusSeconds(60 + i).atOffset(ZoneOffset.UTC))
                    .update();
            }
            jdbc.sql("INSERT INTO registration_addresses (address) VALUES (:address)").param("address", ADDRESS).update();
            jdbc.sql("INSERT INTO registrations (id, address, registered_at) VALUES (:id, :address, :at)")
                .param("id", UUID.randomUUID())
                .param("address", ADDRESS)
                .param("at", NOW.minusSeconds(60).atOffset(ZoneOffset.UTC))
                .update();

            migrate(dataSource, database, "21");

            assertThat(jdbc.sql("SELECT count(*) FROM login_failures").query(Long.class).single()).isZero();
            assertThat(jdbc.sql("SELECT count(*) FROM registrations WHERE address = :address")
                .param("address", ADDRESS).query(Long.class).single()).isOne();
            assertThatThrownBy(() -> jdbc.sql("SELECT count(*) FROM login_throttles").query(Long.class).single())
                .as("the per-username lock rows are gone").isInstanceOf(RuntimeException.class);
            LoginThrottle throttle = new LoginThrottle(new LoginThrottleRepository(jdbc),
                    ThrottleLocks.on(jdbc, database.equals("postgresql"), Clock.fixed(NOW, ZoneOffset.UTC)),
                    new LoginThrottleProperties(5, Duration.ofMinutes(15), 100), Clock.fixed(NOW, ZoneOffset.UTC));
            LoginThrottle.Attempt attempt = throttle.begin("alice", ADDRESS);
            assertThat(jdbc.sql("SELECT count(*) FROM login_failures WHERE username = 'alice' AND counts_for_pair")
                .query(Long.class).single()).as("only the new attempt counts").isOne();
            throttle.succeeded(attempt);
        }
        finally {
            dataSource.destroy();
        }
    }

    private static void migrate(SingleConnectionDataSource dataSource, String database, String target) {
        flyway(dataSource, database, target).migrate();
    }

    /** The newest migration before V21, whichever it is: the schema that V21 upgrades. */
    private static String lastBefore21(SingleConnectionDataSource dataSource, String database) {
        MigrationVersion v21 = MigrationVersion.fromVersion("21");
        return Arrays.stream(flyway(dataSource, database, "latest").info().all())
            .map(MigrationInfo::getVersion)
            .filter(version -> version.compareTo(v21) < 0)
            .max(Comparator.naturalOrder())
            .orElseThrow()
            .getVersion();
    }

    private static Flyway flyway(SingleConnectionDataSource dataSource, String database, String target) {
        return Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/migration", "classpath:db/vendor/" + database)
            .target(target)
            .load();
    }

    private static SingleConnectionDataSource dataSource(String database) {
        if (database.equals("h2")) {
            return new SingleConnectionDataSource("jdbc:h2:mem:loginmigration;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                    "sa", "", true);
        }
        return new SingleConnectionDataSource(EmbeddedPostgresSupport.newDatabase(), "postgres", "postgres", true);
    }
}
