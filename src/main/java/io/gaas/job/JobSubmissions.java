package io.gaas.job;

import java.sql.DatabaseMetaData;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

import io.gaas.config.BusinessMetrics;
import io.gaas.quota.LedgerKind;
import io.gaas.quota.LowBalanceThresholds;
import io.gaas.quota.QuotaService;

/**
 * Writes a new job together with its charge: the conditional UPDATE of the account, the JOB_CHARGE
 * ledger entry and the job row, or nothing at all when the hours are not there.
 *
 * <p>On PostgreSQL the three are one statement (data-modifying CTEs), so a submission needs no
 * transaction of its own: one round trip instead of five, and nothing for the service to begin,
 * flush or commit. Elsewhere (the embedded H2 database) they are the quota service's charge and a
 * JPA insert, and the caller must hold a transaction. Both write exactly the same rows.
 *
 * <p>A charge that takes the balance below the account's low-balance threshold also writes the
 * {@code quota.low} event of the webhook outbox: on PostgreSQL in the same statement (a conditional
 * INSERT that writes nothing, and costs no round trip, when the threshold is not crossed), elsewhere
 * through the quota service's event, in the caller's transaction.
 */
@Component
class JobSubmissions {

    /**
     * The ledger entry copies the new balance, sequence number and time from the UPDATE's
     * RETURNING, as {@code LedgerWriter} copies them from the row it has just updated; no job row
     * without a charge. The time is decided under the account's lock as in
     * {@code QuotaAccountRepository.applyDelta}, and the job is created at its charge's time.
     */
    private static final String CHARGE_AND_INSERT = """
            WITH charged AS (
                UPDATE quota_accounts SET balance = balance - :hours, ledger_seq = ledger_seq + 1,
                                          last_entry_at = GREATEST(:now, COALESCE(last_entry_at, :now))
                WHERE user_id = :ownerId AND balance - :hours >= 0
                RETURNING user_id, balance, ledger_seq, last_entry_at
            ), entry AS (
                INSERT INTO quota_ledger
                    (id, user_id, seq, created_at, kind, delta_hours, balance_after, job_id, note, actor)
                SELECT :entryId, user_id, ledger_seq, last_entry_at, :kind, -:hours, balance, :jobId, NULL, :owner
                FROM charged
            ), low_balance AS (
                INSERT INTO webhook_events (id, type, payload, created_at, fanned_out)
                SELECT :eventId, 'quota.low', json_build_object(
                           'account', json_build_object('type', 'USER', 'id', user_id, 'name', :owner),
                           'balance', balance, 'lowBalanceHours', CAST(:threshold AS NUMERIC(14, 2)))::text,
                       last_entry_at, FALSE
                FROM charged
                WHERE balance < :threshold AND balance + :hours >= :threshold
            )
            INSERT INTO gpu_jobs (id, owner_id, owner_username, name, description, gpu_hours, used_hours, status,
                                  created_at, updated_at, version)
            SELECT :jobId, user_id, :owner, :name, :description, :hours, NULL, :status, last_entry_at, last_entry_at, 0
            FROM charged
            RETURNING created_at""";

    private final JdbcClient jdbc;
    private final JobRepository jobs;
    private final QuotaService quota;
    private final LowBalanceThresholds thresholds;
    private final boolean singleStatement;

    @Autowired
    JobSubmissions(JdbcClient jdbc, JobRepository jobs, QuotaService quota, LowBalanceThresholds thresholds,
            DataSource dataSource) {
        this(jdbc, jobs, quota, thresholds, isPostgreSql(dataSource));
    }

    JobSubmissions(JdbcClient jdbc, JobRepository jobs, QuotaService quota, LowBalanceThresholds thresholds,
            boolean singleStatement) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.quota = quota;
        this.thresholds = thresholds;
        this.singleStatement = singleStatement;
    }

    private static boolean isPostgreSql(DataSource dataSource) {
        try {
            return "PostgreSQL".equals(JdbcUtils.extractDatabaseMetaData(dataSource,
                    DatabaseMetaData::getDatabaseProductName));
        }
        catch (MetaDataAccessException unknown) {
            return false;
        }
    }

    /** Whether {@link #chargeAndInsert} is atomic by itself, outside any transaction. */
    boolean isSingleStatement() {
        return singleStatement;
    }

    /**
     * Charges the job's hours to its owner and saves the job, or throws
     * {@link io.gaas.quota.InsufficientQuotaException} and writes nothing. The job's creation time
     * becomes its charge's ledger time: its own clock reading, unless an earlier entry of the same
     * account is later than that.
     */
    void chargeAndInsert(GpuJob job) {
        if (!singleStatement) {
            job.submittedAt(quota.charge(job.getOwnerId(), job.getGpuHours(), job.getId(), job.getOwnerUsername()));
            jobs.save(job);
        }
        else {
            Optional<OffsetDateTime> created = jdbc.sql(CHARGE_AND_INSERT)
                .param("hours", job.getGpuHours())
                .param("ownerId", job.getOwnerId())
                .param("now", job.getCreatedAt().atOffset(ZoneOffset.UTC))
                .param("entryId", UUID.randomUUID())
                .param("kind", LedgerKind.JOB_CHARGE.name())
                .param("jobId", job.getId())
                .param("owner", job.getOwnerUsername())
                .param("name", job.getName())
                .param("description", job.getDescription(), Types.VARCHAR)
                .param("status", job.getStatus().name())
                .param("eventId", UUID.randomUUID())
                .param("threshold", thresholds.of(job.getOwnerId()))
                .query(OffsetDateTime.class)
                .optional();
            if (created.isEmpty()) {
                throw quota.rejection(job.getOwnerId(), job.getGpuHours());
            }
            job.submittedAt(created.get().toInstant());
            BusinessMetrics.hoursCharged(job.getGpuHours());
        }
        BusinessMetrics.jobSubmitted();
    }
}
