package io.gaas.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gaas.pool.PoolDisabledException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.gaas.pool.PoolService;
import io.gaas.quota.InsufficientQuotaException;
import io.gaas.quota.QuotaProperties;
import io.gaas.project.ProjectMemberships;
import io.gaas.quota.LowBalanceThresholds;
import io.gaas.quota.QuotaService;
import io.gaas.support.EmbeddedPostgresSupport;
import io.gaas.support.UserRows;
import io.gaas.web.NotFoundException;
import io.gaas.web.ValidationException;

/**
 * The one-statement submission on real PostgreSQL: it writes exactly the rows that the quota
 * service's charge plus the JPA insert write, and nothing at all when the hours are not there.
 */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class JobSubmissionsPostgresTests {

    /** To the millisecond, as {@code Timestamps.now} gives it. */
    private static final Instant NOW = Instant.parse("2026-11-27T10:15:30.123Z");

    @TestConfiguration
    @ComponentScan(basePackageClasses = { QuotaService.class, PoolService.class })
    @Import(ProjectMemberships.class)
    @EnableConfigurationProperties(QuotaProperties.class)
    static class Quota {

        @Bean
        Clock clock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }

        /** For the pool feature's gauges, which the slice has no actuator for. */
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        EmbeddedPostgresSupport.useNewDatabase(registry);
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JobRepository jobs;

    @Autowired
    QuotaService quota;

    @Autowired
    DataSource dataSource;

    @Autowired
    PoolService pools;

    @Autowired
    LowBalanceThresholds thresholds;

    @Autowired
    ProjectMemberships memberships;

    JobSubmissions oneStatement;

    JobSubmissions generic;

    @BeforeEach
    void setUp() {
        oneStatement = new JobSubmissions(jdbc, jobs, quota, pools, thresholds, memberships, dataSource);
        generic = new JobSubmissions(jdbc, jobs, quota, pools, thresholds, memberships, false);
    }

    @Test
    void onPostgreSqlTheChargeIsOneStatement() {
        assertThat(oneStatement.writesInOneStatement(job(UUID.randomUUID(), "1", null))).isTrue();
    }

    @Test
    void onH2TheChargeIsTheQuotaServicesAndNeedsATransaction() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:submissions;MODE=PostgreSQL");

        assertThat(new JobSubmissions(jdbc, jobs, quota, pools, thresholds, memberships, h2)
            .writesInOneStatement(job(UUID.randomUUID(), "1", null))).isFalse();
    }

    @Test
    void chargeAndInsertWritesTheSameRowsAsTheQuotaServiceAndJpa() {
        UUID viaStatement = userWithHours("10.00");
        UUID viaServices = userWithHours("10.00");
        NewJob first = job(viaStatement, "2.50", "with a description");
        NewJob second = job(viaServices, "2.50", "with a description");

        oneStatement.chargeAndInsert(first);
        generic.chargeAndInsert(second);
        jobs.flush();

        assertThat(comparable(ledgerEntryOf(first.id()))).isEqualTo(comparable(ledgerEntryOf(second.id())));
        assertThat(comparable(jobRow(first.id()))).isEqualTo(comparable(jobRow(second.id())));
        assertThat(ledgerEntryOf(first.id())).containsEntry("seq", 2L)
            .containsEntry("delta_hours", new BigDecimal("-2.50"))
            .containsEntry("balance_after", new BigDecimal("7.50"))
            .containsEntry("kind", "JOB_CHARGE")
            .containsEntry("actor", "u-" + viaStatement.toString().substring(0, 8));
        assertThat(balanceOf(viaStatement)).isEqualByComparingTo("7.50");
        assertThat(balanceOf(viaServices)).isEqualByComparingTo("7.50");
    }

    @Test
    void chargeAndInsertReadsBackAsTheSubmittedJob() {
        UUID owner = userWithHours("10.00");
        NewJob job = job(owner, "0.01", null);

        oneStatement.chargeAndInsert(job);

        GpuJob stored = jobs.findById(job.id()).orElseThrow();
        assertThat(stored.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(stored.getGpuHours()).isEqualByComparingTo("0.01");
        assertThat(stored.getUsedHours()).isNull();
        assertThat(stored.getDescription()).isNull();
        assertThat(stored.getOwnerId()).isEqualTo(owner);
        assertThat(stored.getCreatedAt()).isEqualTo(NOW);
        assertThat(stored.getUpdatedAt()).isEqualTo(stored.getCreatedAt());
        assertThat(stored.history()).singleElement().satisfies(entry -> assertThat(entry.by()).isEqualTo(
                "u-" + owner.toString().substring(0, 8)));
    }

    @Test
    void chargeAndInsertWhenSpendingExactlyTheBalanceThenLeavesZero() {
        UUID owner = userWithHours("2.50");

        oneStatement.chargeAndInsert(job(owner, "2.50", null));

        assertThat(balanceOf(owner)).isEqualByComparingTo("0");
    }

    @Test
    void chargeAndInsertWhenHoursAreNotThereThenInsufficientQuotaAndNothingWritten() {
        UUID owner = userWithHours("2.49");
        NewJob job = job(owner, "2.50", null);

        assertThatThrownBy(() -> oneStatement.chargeAndInsert(job))
            .isInstanceOfSatisfying(InsufficientQuotaException.class, rejected -> assertThat(rejected.properties())
                .containsEntry("requested", new BigDecimal("2.50"))
                .containsEntry("remaining", new BigDecimal("2.49")));

        assertThat(balanceOf(owner)).isEqualByComparingTo("2.49");
        assertThat(jobs.findById(job.id())).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM quota_ledger WHERE account_id = :id").param("id", owner)
            .query(Long.class).single()).isEqualTo(2L); // the grant and the adjustment, no charge
        assertThat(jdbc.sql("SELECT ledger_seq FROM quota_accounts WHERE account_id = :id").param("id", owner)
            .query(Long.class).single()).isEqualTo(2L);
    }

    @Test
    void chargeAndInsertWhenTheUserHasNoAccountThenNothingWritten() {
        UUID stranger = UUID.randomUUID();
        NewJob job = job(stranger, "1.00", null);

        assertThatThrownBy(() -> oneStatement.chargeAndInsert(job)).isInstanceOf(NotFoundException.class);

        assertThat(jobs.findById(job.id())).isEmpty();
    }

    @Test
    void chargeAndInsertInAWeightedAutoApprovingPoolWritesTheSameRowsOnBothPaths() {
        UUID pool = pool("weighted", null, "2.50", "3.00", true);
        UUID viaStatement = userWithHours("10.00");
        UUID viaServices = userWithHours("10.00");
        NewJob first = pooledJob(viaStatement, "1.01", "weighted", 2, List.of("python", "train.py"));
        NewJob second = pooledJob(viaServices, "1.01", "weighted", 2, List.of("python", "train.py"));

        GpuJob returned = oneStatement.chargeAndInsert(first);
        generic.chargeAndInsert(second);
        jobs.flush();

        assertThat(comparable(jobRow(first.id()))).isEqualTo(comparable(jobRow(second.id())));
        assertThat(comparable(ledgerEntryOf(first.id()))).isEqualTo(comparable(ledgerEntryOf(second.id())));
        assertThat(historyOf(first.id())).isEqualTo(historyOf(second.id())).hasSize(1);
        assertThat(historyOf(first.id()).get(0)).containsEntry("status", "APPROVED").containsEntry("actor", "system")
            .containsEntry("reason", "auto-approved").containsEntry("seq", 0);
        assertThat(jobRow(first.id())).containsEntry("pool_id", pool)
            .containsEntry("charged_hours", new BigDecimal("2.53"))
            .containsEntry("weight", new BigDecimal("2.50"))
            .containsEntry("gpu_count", 2)
            .containsEntry("time_limit_seconds", 1818L)
            .containsEntry("command", "[\"python\",\"train.py\"]")
            .containsEntry("status", "APPROVED");
        assertThat(balanceOf(viaStatement)).isEqualByComparingTo("7.47");
        assertThat(returned.getChargedHours()).isEqualTo(new BigDecimal("2.53"));
        assertThat(returned.getStatus()).isEqualTo(JobStatus.APPROVED);
        GpuJob stored = jobs.findById(first.id()).orElseThrow();
        assertThat(stored.history()).isEqualTo(returned.history());
        assertThat(stored.getApprovedAt()).isEqualTo(NOW);
        assertThat(stored.getCommand()).containsExactly("python", "train.py");
    }

    @Test
    void chargeAndInsertWhenTheChargeIsAboveTheAutoApprovalThenPending() {
        pool("strict", null, "2.00", "1.00", true);
        UUID owner = userWithHours("10.00");

        GpuJob job = oneStatement.chargeAndInsert(pooledJob(owner, "0.51", "strict", 1, null));

        assertThat(job.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(historyOf(job.getId())).isEmpty();
        assertThat(jobRow(job.getId())).containsEntry("status", "PENDING").containsEntry("approved_at", null);
    }

    @Test
    void chargeAndInsertWhenThePoolRefusesThenTheReasonAndNothingWritten() {
        pool("small", 2, "1.00", null, true);
        pool("off", null, "1.00", null, false);
        UUID owner = userWithHours("10.00");

        assertThatThrownBy(() -> oneStatement.chargeAndInsert(pooledJob(owner, "3", "small", 3, null)))
            .isInstanceOfSatisfying(ValidationException.class,
                    refused -> assertThat(refused.properties().get("errors").toString()).contains("gpuCount"));
        assertThatThrownBy(() -> oneStatement.chargeAndInsert(pooledJob(owner, "1", "nowhere", 1, null)))
            .isInstanceOfSatisfying(ValidationException.class,
                    refused -> assertThat(refused.properties().get("errors").toString()).contains("pool"));
        assertThatThrownBy(() -> oneStatement.chargeAndInsert(pooledJob(owner, "1", "off", 1, null)))
            .isInstanceOf(PoolDisabledException.class);
        assertThatThrownBy(() -> oneStatement.chargeAndInsert(pooledJob(owner, "10.01", "small", 1, null)))
            .isInstanceOf(InsufficientQuotaException.class);

        assertThat(balanceOf(owner)).isEqualByComparingTo("10.00");
        assertThat(jdbc.sql("SELECT count(*) FROM gpu_jobs WHERE owner_id = :id").param("id", owner)
            .query(Long.class).single()).isZero();
    }

    private UUID pool(String name, Integer gpus, String weight, String autoApproveHours, boolean enabled) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO pools (id, name, gpus, weight, auto_approve_hours, enabled, created_at)
                VALUES (:id, :name, :gpus, :weight, :auto, :enabled, :at)""")
            .param("id", id)
            .param("name", name)
            .param("gpus", gpus, java.sql.Types.INTEGER)
            .param("weight", new BigDecimal(weight))
            .param("auto", autoApproveHours == null ? null : new BigDecimal(autoApproveHours), java.sql.Types.NUMERIC)
            .param("enabled", enabled)
            .param("at", NOW.atOffset(ZoneOffset.UTC))
            .update();
        return id;
    }

    private static NewJob pooledJob(UUID ownerId, String hours, String pool, int gpuCount, List<String> command) {
        return new NewJob(UUID.randomUUID(), ownerId, "u-" + ownerId.toString().substring(0, 8), "train", null,
                new BigDecimal(hours), pool, gpuCount, command, NOW);
    }

    private List<Map<String, Object>> historyOf(UUID jobId) {
        return jdbc.sql("SELECT seq, status, changed_at, actor, reason FROM job_history WHERE job_id = :id ORDER BY seq")
            .param("id", jobId)
            .query()
            .listOfRows();
    }

    @Test
    void chargeAndInsertWhenTheAccountsLastEntryIsAheadOfTheClockThenJobAndChargeTakeThatEntrysTime() {
        Instant ahead = NOW.plusSeconds(2);
        for (JobSubmissions submissions : List.of(oneStatement, generic)) {
            UUID owner = userWithHours("10.00");
            // as if another replica, whose clock runs ahead, had written the account's last entry
            jdbc.sql("UPDATE quota_accounts SET last_entry_at = :at WHERE account_id = :id")
                .param("at", ahead.atOffset(ZoneOffset.UTC))
                .param("id", owner)
                .update();
            GpuJob job = submissions.chargeAndInsert(job(owner, "1.00", null));
            jobs.flush();

            assertThat(job.getCreatedAt()).isEqualTo(ahead);
            assertThat(job.getUpdatedAt()).isEqualTo(ahead);
            assertThat(createdAt("gpu_jobs", "id", job.getId())).isEqualTo(ahead);
            assertThat(createdAt("quota_ledger", "job_id", job.getId())).isEqualTo(ahead);
        }
    }

    @Test
    void chargeAndInsertWhenTheClockIsAheadOfTheLastEntryThenJobAndChargeTakeTheClocksTime() {
        UUID owner = userWithHours("10.00"); // its entries are at NOW
        Instant later = NOW.plusMillis(1);
        GpuJob job = oneStatement.chargeAndInsert(job(owner, "1.00", null, later));

        assertThat(job.getCreatedAt()).isEqualTo(later);
        assertThat(createdAt("gpu_jobs", "id", job.getId())).isEqualTo(later);
        assertThat(createdAt("quota_ledger", "job_id", job.getId())).isEqualTo(later);
    }

    private Instant createdAt(String table, String column, UUID id) {
        return jdbc.sql("SELECT created_at FROM " + table + " WHERE " + column + " = :id")
            .param("id", id)
            .query(OffsetDateTime.class)
            .single()
            .toInstant();
    }

    private UUID userWithHours(String hours) {
        UUID id = UserRows.insertUser(jdbc, "u-" + UUID.randomUUID().toString().substring(0, 8), NOW);
        quota.openAccount(id, "admin"); // with the default grant of 10 hours
        BigDecimal adjustment = new BigDecimal(hours).subtract(BigDecimal.TEN);
        if (adjustment.signum() != 0) {
            quota.adjust(id, adjustment, null, "admin");
        }
        return id;
    }

    private static NewJob job(UUID ownerId, String hours, String description) {
        return job(ownerId, hours, description, NOW);
    }

    private static NewJob job(UUID ownerId, String hours, String description, Instant submittedAt) {
        return new NewJob(UUID.randomUUID(), ownerId, "u-" + ownerId.toString().substring(0, 8), "train",
                description, new BigDecimal(hours), "default", 1, null, submittedAt);
    }

    private BigDecimal balanceOf(UUID userId) {
        return quota.balanceOf(userId);
    }

    private Map<String, Object> ledgerEntryOf(UUID jobId) {
        return jdbc.sql("SELECT * FROM quota_ledger WHERE job_id = :jobId").param("jobId", jobId).query().singleRow();
    }

    private Map<String, Object> jobRow(UUID jobId) {
        return jdbc.sql("SELECT * FROM gpu_jobs WHERE id = :id").param("id", jobId).query().singleRow();
    }

    /** The row without what differs by construction: its own id, its user's, and names derived from them. */
    private static Map<String, Object> comparable(Map<String, Object> row) {
        var copy = new TreeMap<>(row);
        copy.keySet().removeAll(List.of("id", "account_id", "owner_id", "job_id", "actor", "owner_username"));
        return copy;
    }
}
