package io.gaas.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.gaas.support.EmbeddedPostgresSupport;
import io.gaas.support.UserRows;

/**
 * The pools migration on a database that already holds v1 jobs, on both databases: every job goes
 * to the default pool with its v1 charge, and the jobs that run hold the default pool's GPUs, so
 * that their end can give them back.
 */
class PoolMigrationTests {

    private static final Instant SUBMITTED = Instant.parse("2026-11-27T10:00:00Z");
    private static final Instant APPROVED = Instant.parse("2026-11-27T10:05:00Z");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "H2", "PostgreSQL" })
    void migrateWhenV1JobsExistThenTheyJoinTheDefaultPoolWithTheirV1Charge(String database) {
        DataSource dataSource = database.equals("H2")
                ? new SingleConnectionDataSource("jdbc:h2:mem:migration-" + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "", true)
                : new DriverManagerDataSource(EmbeddedPostgresSupport.newDatabase(), "postgres", "postgres");
        Flyway.configure().dataSource(dataSource).target(lastBeforePools(dataSource)).load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        UUID owner = UserRows.insertUser(jdbc, "alice", SUBMITTED);
        UUID pending = job(jdbc, owner, "PENDING", null, false);
        UUID approved = job(jdbc, owner, "APPROVED", null, true);
        UUID running = job(jdbc, owner, "PROCESSING", null, true);
        job(jdbc, owner, "PROCESSING", null, true);
        UUID completed = job(jdbc, owner, "COMPLETED", "1.25", true);
        UUID cancelled = job(jdbc, owner, "CANCELLED", "0", false);
        UUID rejected = job(jdbc, owner, "REJECTED", "0", false);

        Flyway.configure().dataSource(dataSource).target("10").load().migrate();

        assertThat(row(jdbc, pending)).containsEntry("pool_id", Pools.DEFAULT_ID)
            .containsEntry("pool_name", "default")
            .containsEntry("gpu_count", 1)
            .containsEntry("charged_hours", new BigDecimal("2.50"))
            .containsEntry("time_limit_seconds", 9000L)
            .containsEntry("command", null)
            .containsEntry("approved_at", null);
        assertThat(new BigDecimal(row(jdbc, pending).get("weight").toString())).isEqualByComparingTo("1");
        assertThat(row(jdbc, approved).get("charged_hours")).isEqualTo(new BigDecimal("2.50"));
        assertThat(approvedAt(jdbc, approved)).isEqualTo(APPROVED);
        assertThat(approvedAt(jdbc, running)).isEqualTo(APPROVED);
        assertThat(row(jdbc, completed).get("charged_hours")).isEqualTo(new BigDecimal("1.25"));
        assertThat(row(jdbc, cancelled).get("charged_hours")).isEqualTo(new BigDecimal("0.00"));
        assertThat(row(jdbc, rejected).get("charged_hours")).isEqualTo(new BigDecimal("0.00"));
        assertThat(jdbc.sql("SELECT name, gpus, gpus_in_use, enabled FROM pools").query().listOfRows())
            .singleElement()
            .satisfies(pool -> assertThat(pool).containsEntry("name", "default")
                .containsEntry("gpus", null)
                .containsEntry("gpus_in_use", 2)
                .containsEntry("enabled", true));
    }

    /** The newest migration before the pools' (other features may add some below 10). */
    private static String lastBeforePools(DataSource dataSource) {
        MigrationVersion pools = MigrationVersion.fromVersion("10");
        return Arrays.stream(Flyway.configure().dataSource(dataSource).load().info().all())
            .map(MigrationInfo::getVersion)
            .filter(version -> version.compareTo(pools) < 0)
            .max(MigrationVersion::compareTo)
            .orElseThrow()
            .getVersion();
    }

    private static UUID job(JdbcClient jdbc, UUID owner, String status, String usedHours, boolean wasApproved) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO gpu_jobs (id, owner_id, owner_username, name, gpu_hours, used_hours, status, created_at,
                                      updated_at, version)
                VALUES (:id, :owner, 'alice', 'v1', 2.50, :used, :status, :at, :at, 0)""")
            .param("id", id)
            .param("owner", owner)
            .param("used", usedHours == null ? null : new BigDecimal(usedHours), java.sql.Types.NUMERIC)
            .param("status", status)
            .param("at", SUBMITTED.atOffset(ZoneOffset.UTC))
            .update();
        if (wasApproved) {
            jdbc.sql("""
                    INSERT INTO job_history (job_id, seq, status, changed_at, actor, reason)
                    VALUES (:id, 0, 'APPROVED', :at, 'root', NULL)""")
                .param("id", id)
                .param("at", APPROVED.atOffset(ZoneOffset.UTC))
                .update();
        }
        return id;
    }

    private static Map<String, Object> row(JdbcClient jdbc, UUID id) {
        return jdbc.sql("SELECT * FROM gpu_jobs WHERE id = :id").param("id", id).query().singleRow();
    }

    private static Instant approvedAt(JdbcClient jdbc, UUID id) {
        return jdbc.sql("SELECT approved_at FROM gpu_jobs WHERE id = :id").param("id", id)
            .query(OffsetDateTime.class).single().toInstant();
    }
}
