package io.gaas.job;

import java.sql.DatabaseMetaData;
import java.sql.Types;
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
import io.gaas.pool.PoolDisabledException;
import io.gaas.pool.PoolService;
import io.gaas.pool.PoolSettings;
import io.gaas.quota.LedgerKind;
import io.gaas.quota.QuotaService;
import io.gaas.web.ValidationException;

/**
 * Writes a new job together with its charge: the conditional UPDATE of the account, the JOB_CHARGE
 * ledger entry and the job row, or nothing at all when the hours are not there.
 *
 * <p>On PostgreSQL the three are one statement (data-modifying CTEs), so a submission needs no
 * transaction of its own: one round trip instead of five, and nothing for the service to begin,
 * flush or commit. Elsewhere (the embedded H2 database) they are the quota service's charge and a
 * JPA insert, and the caller must hold a transaction. Both write exactly the same rows.
 */
@Component
class JobSubmissions {

    /**
     * The pool is read, the charge priced at its weight and the account charged in the statement
     * itself, so a submission stays one round trip. The ledger entry copies the new balance and
     * sequence number from the UPDATE's RETURNING, as {@code LedgerWriter} copies them from the row
     * it has just updated; no job row without a charge, and no charge without a usable pool (one that
     * exists, is enabled and has the job's GPUs). When nothing comes back, {@link #whyRefused} says why.
     */
    private static final String CHARGE_AND_INSERT = """
            WITH pool AS (
                SELECT id, weight, auto_approve_hours, CAST(CEIL(:hours * weight * 100) / 100 AS NUMERIC(14, 2)) AS charge
                FROM pools WHERE name = :pool AND enabled AND (gpus IS NULL OR gpus >= :gpuCount)
            ), charged AS (
                UPDATE quota_accounts SET balance = balance - pool.charge, ledger_seq = ledger_seq + 1
                FROM pool
                WHERE user_id = :ownerId AND balance - pool.charge >= 0
                RETURNING user_id, balance, ledger_seq, pool.id AS pool_id, pool.weight, pool.charge,
                    (pool.auto_approve_hours IS NOT NULL AND pool.charge <= pool.auto_approve_hours) AS approved
            ), entry AS (
                INSERT INTO quota_ledger
                    (id, user_id, seq, created_at, kind, delta_hours, balance_after, job_id, note, actor)
                SELECT :entryId, user_id, ledger_seq, :at, :kind, -charge, balance, :jobId, NULL, :owner
                FROM charged
            ), job AS (
                INSERT INTO gpu_jobs (id, owner_id, owner_username, name, description, gpu_hours, used_hours, status,
                                      created_at, updated_at, version, pool_id, pool_name, gpu_count, weight,
                                      charged_hours, command, time_limit_seconds, approved_at)
                SELECT :jobId, user_id, :owner, :name, :description, :hours, NULL,
                       CASE WHEN approved THEN 'APPROVED' ELSE 'PENDING' END, :at, :at, 0, pool_id, :pool, :gpuCount,
                       weight, charge, :command, :timeLimit, CASE WHEN approved THEN :at END
                FROM charged
            ), approval AS (
                INSERT INTO job_history (job_id, seq, status, changed_at, actor, reason)
                SELECT :jobId, 0, 'APPROVED', :at, :approver, :approvalReason FROM charged WHERE approved
            )
            SELECT pool_id, weight, approved FROM charged""";

    private final JdbcClient jdbc;
    private final JobRepository jobs;
    private final QuotaService quota;
    private final PoolService pools;
    private final boolean singleStatement;

    @Autowired
    JobSubmissions(JdbcClient jdbc, JobRepository jobs, QuotaService quota, PoolService pools, DataSource dataSource) {
        this(jdbc, jobs, quota, pools, isPostgreSql(dataSource));
    }

    JobSubmissions(JdbcClient jdbc, JobRepository jobs, QuotaService quota, PoolService pools,
            boolean singleStatement) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.quota = quota;
        this.pools = pools;
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
     * Charges the job's hours, priced at its pool's weight, to its owner and saves the job, or throws
     * and writes nothing: {@link io.gaas.quota.InsufficientQuotaException}, {@link PoolDisabledException},
     * or a {@link ValidationException} on {@code pool} (no such pool) or {@code gpuCount} (more GPUs
     * than the pool has).
     */
    GpuJob chargeAndInsert(NewJob request) {
        GpuJob job = singleStatement ? chargeAndInsertInOneStatement(request) : chargeAndInsertInTransaction(request);
        BusinessMetrics.jobSubmitted();
        return job;
    }

    private GpuJob chargeAndInsertInTransaction(NewJob request) {
        GpuJob job = request.in(usablePool(request));
        quota.charge(job.getOwnerId(), job.getChargedHours(), job.getId(), job.getOwnerUsername());
        return jobs.save(job);
    }

    private GpuJob chargeAndInsertInOneStatement(NewJob request) {
        Optional<GpuJob> inserted = jdbc.sql(CHARGE_AND_INSERT)
            .param("hours", request.gpuHours())
            .param("pool", request.poolName())
            .param("gpuCount", request.gpuCount())
            .param("ownerId", request.ownerId())
            .param("entryId", UUID.randomUUID())
            .param("at", request.createdAt().atOffset(ZoneOffset.UTC))
            .param("kind", LedgerKind.JOB_CHARGE.name())
            .param("jobId", request.id())
            .param("owner", request.ownerUsername())
            .param("name", request.name())
            .param("description", request.description(), Types.VARCHAR)
            .param("command", CommandConverter.toJson(request.command()), Types.VARCHAR)
            .param("timeLimit", request.timeLimitSeconds())
            .param("approver", GpuJob.AUTO_APPROVER)
            .param("approvalReason", GpuJob.AUTO_APPROVAL_REASON)
            .query((row, n) -> {
                GpuJob job = request.at(row.getObject("pool_id", UUID.class), row.getBigDecimal("weight"));
                if (row.getBoolean("approved")) {
                    job.approveAutomatically();
                }
                return job;
            })
            .optional();
        GpuJob job = inserted.orElseThrow(() -> whyRefused(request));
        BusinessMetrics.hoursCharged(job.getChargedHours());
        return job;
    }

    /** The pool the job may go to: one that exists, takes jobs, and has the job's GPUs. */
    private PoolSettings usablePool(NewJob request) {
        PoolSettings pool = pools.settings(request.poolName())
            .orElseThrow(() -> new ValidationException("pool", "no such pool"));
        if (!pool.fits(request.gpuCount())) {
            throw new ValidationException("gpuCount", "must be at most the pool's gpus (" + pool.gpus() + ")");
        }
        if (!pool.enabled()) {
            throw new PoolDisabledException(pool.name());
        }
        return pool;
    }

    /** The statement wrote nothing: the pool refused the job, or else the hours were not there. */
    private RuntimeException whyRefused(NewJob request) {
        PoolSettings pool = usablePool(request);
        return quota.rejection(request.ownerId(), Charges.charge(request.gpuHours(), pool.weight()));
    }
}
