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
import io.gaas.pool.PoolDisabledException;
import io.gaas.pool.PoolService;
import io.gaas.pool.PoolSettings;
import io.gaas.project.ProjectDisabledException;
import io.gaas.project.ProjectMembership;
import io.gaas.project.ProjectMemberships;
import io.gaas.quota.LedgerKind;
import io.gaas.quota.LowBalanceThresholds;
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
 *
 * <p>A charge that takes the balance below the account's low-balance threshold also writes the
 * {@code quota.low} event of the webhook outbox, and an auto-approved job its {@code job.status_changed}
 * event (PENDING to APPROVED by {@code system}): on PostgreSQL in the same statement (conditional
 * INSERTs that write nothing, and cost no round trip, when nothing happened or no enabled webhook
 * subscribes), elsewhere through the quota service's and the job service's events, in the caller's
 * transaction. The statement renders the job view in SQL; a test holds it equal to the Java view.
 *
 * <p>A job charged to a project is always written in the caller's transaction, on every database: its
 * charge is two conditional UPDATEs (the project's account, then the member's spending under their
 * cap) whose second may refuse after the first succeeded, and a transaction is what undoes the first
 * then. Personal submissions, the common case, keep their one statement.
 */
@Component
class JobSubmissions {

    /**
     * The pool is read, the charge priced at its weight and the account charged in the statement
     * itself, so a submission stays one round trip. The ledger entry copies the new balance, sequence
     * number and time from the UPDATE's RETURNING, as {@code LedgerWriter} copies them from the row it
     * has just updated: the time is decided under the account's lock as in
     * {@code QuotaAccountRepository.applyDelta}, and the job is created (and auto-approved) at its
     * charge's time. No job row without a charge, and no charge without a usable pool (one that
     * exists, is enabled and has the job's GPUs). When nothing comes back, {@link #whyRefused} says why.
     */
    private static final String CHARGE_AND_INSERT = """
            WITH pool AS (
                SELECT id, weight, auto_approve_hours, CAST(CEIL(:hours * weight * 100) / 100 AS NUMERIC(14, 2)) AS charge
                FROM pools WHERE name = :pool AND enabled AND (gpus IS NULL OR gpus >= :gpuCount)
            ), charged AS (
                UPDATE quota_accounts SET balance = balance - pool.charge, ledger_seq = ledger_seq + 1,
                                          last_entry_at = GREATEST(:now, COALESCE(last_entry_at, :now))
                FROM pool
                WHERE account_id = :ownerId AND balance - pool.charge >= 0
                RETURNING account_id, balance, ledger_seq, last_entry_at, pool.id AS pool_id, pool.weight, pool.charge,
                    CAST(COALESCE(low_balance_hours, :threshold) AS NUMERIC(14, 2)) AS threshold,
                    (pool.auto_approve_hours IS NOT NULL AND pool.charge <= pool.auto_approve_hours) AS approved
            ), entry AS (
                INSERT INTO quota_ledger
                    (id, account_id, seq, created_at, kind, delta_hours, balance_after, job_id, note, actor)
                SELECT :entryId, account_id, ledger_seq, last_entry_at, :kind, -charge, balance, :jobId, NULL, :owner
                FROM charged
            ), job AS (
                INSERT INTO gpu_jobs (id, owner_id, owner_username, name, description, gpu_hours, used_hours, status,
                                      created_at, updated_at, version, pool_id, pool_name, gpu_count, weight,
                                      charged_hours, command, time_limit_seconds, approved_at)
                SELECT :jobId, account_id, :owner, :name, :description, :hours, NULL,
                       CASE WHEN approved THEN 'APPROVED' ELSE 'PENDING' END, last_entry_at, last_entry_at, 0, pool_id,
                       :pool, :gpuCount, weight, charge, :command, :timeLimit, CASE WHEN approved THEN last_entry_at END
                FROM charged
                RETURNING id, owner_id, owner_username, name, description, gpu_hours, status, created_at, updated_at,
                          pool_id, pool_name, gpu_count, weight, charged_hours, command, time_limit_seconds
            ), approval AS (
                INSERT INTO job_history (job_id, seq, status, changed_at, actor, reason)
                SELECT :jobId, 0, 'APPROVED', last_entry_at, :approver, :approvalReason FROM charged WHERE approved
            ), approval_event AS (
                INSERT INTO webhook_events (id, type, payload, created_at, fanned_out)
                SELECT :approvalEventId, 'job.status_changed', json_build_object(
                           'job', json_build_object(
                               'id', j.id, 'name', j.name, 'description', j.description, 'gpuHours', j.gpu_hours,
                               'usedHours', NULL, 'status', j.status,
                               'owner', json_build_object('id', j.owner_id, 'username', j.owner_username),
                               'createdAt', INSTANT(j.created_at), 'updatedAt', INSTANT(j.updated_at),
                               'pool', j.pool_name, 'gpuCount', j.gpu_count, 'weight', j.weight,
                               'chargedHours', j.charged_hours, 'command', NULL,
                               'timeLimitSeconds', j.time_limit_seconds, 'stopRequested', FALSE, 'run', NULL,
                               'waitReason', CASE WHEN j.command IS NOT NULL THEN (
                                   SELECT CASE
                                       WHEN p.enabled = FALSE THEN 'POOL_DISABLED'
                                       WHEN NOT EXISTS (SELECT 1 FROM workers w WHERE w.pool_id = p.id
                                                        AND w.enabled = TRUE AND w.gpus >= j.gpu_count)
                                           THEN 'NO_WORKER_FITS'
                                       WHEN p.gpus IS NOT NULL AND p.gpus - p.gpus_in_use < j.gpu_count THEN 'CAPACITY'
                                       END
                                   FROM pools p WHERE p.id = j.pool_id) END,
                               'project', NULL),
                           'from', 'PENDING', 'to', 'APPROVED', 'by', :approver)::text,
                       j.updated_at, FALSE
                FROM job j
                WHERE j.status = 'APPROVED' AND SUBSCRIBED('job.status_changed')
            ), low_balance AS (
                INSERT INTO webhook_events (id, type, payload, created_at, fanned_out)
                SELECT :eventId, 'quota.low', json_build_object(
                           'account', json_build_object('type', 'USER', 'id', account_id, 'name', :owner),
                           'balance', balance, 'lowBalanceHours', threshold)::text,
                       last_entry_at, FALSE
                FROM charged
                WHERE balance < threshold AND balance + charge >= threshold AND SUBSCRIBED('quota.low')
            )
            SELECT pool_id, weight, approved, last_entry_at FROM charged"""
        // INSTANT(t): a timestamp as the API writes an Instant (ISO-8601 in UTC, with 0, 3 or 6 decimals
        // as needed); SUBSCRIBED(type): some enabled webhook takes the event, as the outbox records it.
        .replaceAll("INSTANT\\((\\w+\\.\\w+)\\)", """
                to_char($1 AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') || CASE
                    WHEN EXTRACT(MICROSECONDS FROM $1) % 1000000 = 0 THEN ''
                    WHEN EXTRACT(MICROSECONDS FROM $1) % 1000 = 0 THEN to_char($1 AT TIME ZONE 'UTC', '.MS')
                    ELSE to_char($1 AT TIME ZONE 'UTC', '.US') END || 'Z'""")
        .replaceAll("SUBSCRIBED\\('([\\w.]+)'\\)", """
                EXISTS (SELECT 1 FROM webhooks h WHERE h.enabled = TRUE AND CONCAT(',', h.events, ',') LIKE '%,$1,%')""");

    private final JdbcClient jdbc;
    private final JobRepository jobs;
    private final QuotaService quota;
    private final PoolService pools;
    private final LowBalanceThresholds thresholds;
    private final ProjectMemberships memberships;
    private final boolean singleStatement;

    @Autowired
    JobSubmissions(JdbcClient jdbc, JobRepository jobs, QuotaService quota, PoolService pools,
            LowBalanceThresholds thresholds, ProjectMemberships memberships, DataSource dataSource) {
        this(jdbc, jobs, quota, pools, thresholds, memberships, isPostgreSql(dataSource));
    }

    JobSubmissions(JdbcClient jdbc, JobRepository jobs, QuotaService quota, PoolService pools,
            LowBalanceThresholds thresholds, ProjectMemberships memberships, boolean singleStatement) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.quota = quota;
        this.pools = pools;
        this.thresholds = thresholds;
        this.memberships = memberships;
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

    /**
     * Whether {@link #chargeAndInsert} writes this job in one statement, atomic by itself outside any
     * transaction, which also records the job's own events: a personal job on PostgreSQL.
     */
    boolean writesInOneStatement(NewJob request) {
        return singleStatement && !request.isChargedToProject();
    }

    /**
     * Charges the job's hours, priced at its pool's weight, to its owner and saves the job, or throws
     * and writes nothing: {@link io.gaas.quota.InsufficientQuotaException}, {@link PoolDisabledException},
     * or a {@link ValidationException} on {@code pool} (no such pool) or {@code gpuCount} (more GPUs
     * than the pool has). A job charged to a project may also be refused with a
     * {@link ValidationException} on {@code project}, {@link ProjectDisabledException} or
     * {@link io.gaas.project.CapExceededException}; it needs the caller's transaction.
     */
    GpuJob chargeAndInsert(NewJob request) {
        GpuJob job = writesInOneStatement(request) ? chargeAndInsertInOneStatement(request)
                : request.isChargedToProject() ? chargeToProjectInTransaction(request)
                : chargeAndInsertInTransaction(request);
        BusinessMetrics.jobSubmitted();
        return job;
    }

    /** As the one statement does: charged first, so the job is created (and approved) at its charge's time. */
    private GpuJob chargeAndInsertInTransaction(NewJob request) {
        PoolSettings pool = usablePool(request);
        GpuJob job = request.at(pool.id(), pool.weight());
        job.submittedAt(quota.charge(job.getOwnerId(), job.getChargedHours(), job.getId(), job.getOwnerUsername()));
        if (pool.autoApproves(job.getChargedHours())) {
            job.approveAutomatically();
        }
        return jobs.save(job);
    }

    /**
     * The project's account is charged first, then the member's spending under their cap, in the lock
     * order of every other writer (account, then member row); a refusal of either throws, and the
     * caller's transaction takes back whatever was written.
     */
    private GpuJob chargeToProjectInTransaction(NewJob request) {
        PoolSettings pool = usablePool(request);
        ProjectMembership member = memberships.of(request.projectName(), request.ownerId())
            .orElseThrow(ProjectMemberships::notAMember);
        if (!member.projectEnabled()) {
            throw new ProjectDisabledException(member.projectName());
        }
        GpuJob job = request.at(pool.id(), pool.weight());
        job.chargeTo(member.projectId(), member.projectName());
        job.submittedAt(quota.charge(member.projectId(), job.getChargedHours(), job.getId(), job.getOwnerUsername()));
        memberships.spend(member.projectId(), request.ownerId(), job.getChargedHours());
        if (pool.autoApproves(job.getChargedHours())) {
            job.approveAutomatically();
        }
        return jobs.save(job);
    }

    private GpuJob chargeAndInsertInOneStatement(NewJob request) {
        Optional<GpuJob> inserted = jdbc.sql(CHARGE_AND_INSERT)
            .param("hours", request.gpuHours())
            .param("pool", request.poolName())
            .param("gpuCount", request.gpuCount())
            .param("ownerId", request.ownerId())
            .param("entryId", UUID.randomUUID())
            .param("now", request.createdAt().atOffset(ZoneOffset.UTC))
            .param("kind", LedgerKind.JOB_CHARGE.name())
            .param("jobId", request.id())
            .param("owner", request.ownerUsername())
            .param("name", request.name())
            .param("description", request.description(), Types.VARCHAR)
            .param("command", CommandConverter.toJson(request.command()), Types.VARCHAR)
            .param("timeLimit", request.timeLimitSeconds())
            .param("approver", GpuJob.AUTO_APPROVER)
            .param("approvalReason", GpuJob.AUTO_APPROVAL_REASON)
            .param("eventId", UUID.randomUUID())
            .param("approvalEventId", UUID.randomUUID())
            .param("threshold", thresholds.defaultHours())
            .query((row, n) -> {
                GpuJob job = request.at(row.getObject("pool_id", UUID.class), row.getBigDecimal("weight"));
                job.submittedAt(row.getObject("last_entry_at", OffsetDateTime.class).toInstant());
                if (row.getBoolean("approved")) {
                    job.approveAutomatically();
                }
                return job;
            })
            .optional();
        GpuJob job = inserted.orElseThrow(() -> whyRefused(request));
        // The one statement charges only personal jobs, so its account is a user's.
        BusinessMetrics.hoursCharged("USER", job.getChargedHours());
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
