package io.gaas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.gaas.support.UserRows;

/**
 * The embedded database's CHECK constraints keep working after the connection that created them
 * has closed. The service migrates on a pooled connection, which the pool retires after a while:
 * with H2 2.4.240 every later insert into a table with a CHECK then failed ("Check constraint
 * invalid"), until the service was restarted.
 */
class EmbeddedDatabaseConstraintsTests {

    @Test
    void insertWhenTheMigratingConnectionHasClosedThenChecksStillAcceptAndRefuse() {
        String url = "jdbc:h2:mem:constraints-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        SingleConnectionDataSource migrating = new SingleConnectionDataSource(url, "sa", "", true);
        Flyway.configure()
            .dataSource(migrating)
            .locations("classpath:db/migration", "classpath:db/vendor/h2")
            .load()
            .migrate();
        migrating.destroy();

        SingleConnectionDataSource later = new SingleConnectionDataSource(url, "sa", "", true);
        try {
            JdbcClient jdbc = JdbcClient.create(later);
            UserRows.insertUser(jdbc, "alice", Instant.parse("2026-12-01T10:00:00Z"));
            assertThat(jdbc.sql("SELECT count(*) FROM users").query(Long.class).single()).isOne();
            assertThatThrownBy(() -> jdbc.sql("""
                    INSERT INTO users (id, username, password_hash, role, enabled, token_version, created_at, version)
                    VALUES (:id, 'bob', 'x', 'ROOT', true, 0, CURRENT_TIMESTAMP, 0)""").param("id", UUID.randomUUID())
                .update()).isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("ck_users_role")
                .hasMessageNotContaining("invalid");
            jdbc.sql("SHUTDOWN").update();
        }
        finally {
            later.destroy();
        }
    }
}
