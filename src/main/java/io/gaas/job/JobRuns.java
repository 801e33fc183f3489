package io.gaas.job;

import java.math.BigDecimal;
import java.sql.DatabaseMetaData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongFunction;

import javax.sql.DataSource;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.gaas.config.Timestamps;
import io.gaas.pool.PoolCapacity;
import io.gaas.project.ProjectMemberships;
import io.gaas.quota.QuotaService;
import io.gaas.user.AuthenticatedUser;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

/**
 * A job's run on a worker, as the job sees it: the claim that starts it, the heartbeats that keep
 * it, and every way it ends (the worker's finish, a lost lease, the time limit). The worker feature
 * decides when; this class changes the job, its pool's GPUs and its owner's hours, all in the
 * caller's transaction.
 *
 * <p>Each change is made under the job row's lock (a claim's {@code FOR UPDATE SKIP LOCKED}, a
 * finish's or sweep's {@code FOR UPDATE}) or by a conditional UPDATE on its status and worker, so
 * however many workers and replicas act at once, no job is given twice and exactly one ending wins.
 */
@Service
@Transactional(propagation = Propagation.MANDATORY)
public class JobRuns {

    static final String SYSTEM = "system";

    /** Who claims, and how many GPUs a job may have to fit both its free GPUs and its capacity left. */
    public record Claimant(UUID workerId, String workerName, UUID poolId, int maxGpus) {

        String actor() {
            return "worker:" + workerName;
        }
    }

    /** A worker's report of a job's end; {@code exitCode} null: the command could not be started. */
    public record Report(UUID workerId, String actor, UUID jobId, Integer exitCode, BigDecimal runSeconds,
            String output) {
    }

    /**
     * A job the service ended by itself, for the caller's log, counters and events; {@code job} is its
     * view after the ending, without history.
     */
    public record Ended(UUID jobId, String pool, EndReason reason, JobResponse job) {
    }

    /**
     * The first APPROVED job with a command that fits, in approval order (ties by id), whose pool is
     * enabled and has the GPUs free. Rows other claims hold are skipped rather than waited for.
     */
    private static final String NEXT_CANDIDATE = """
            SELECT j.id FROM gpu_jobs j
            WHERE j.pool_id = :poolId AND j.status = 'APPROVED' AND j.command IS NOT NULL AND j.gpu_count <= :maxGpus
              AND EXISTS (SELECT 1 FROM pools p WHERE p.id = j.pool_id AND p.enabled = TRUE
                          AND (p.gpus IS NULL OR p.gpus_in_use + j.gpu_count <= p.gpus))
            ORDER BY j.approved_at, j.id
            LIMIT 1
            FOR UPDATE""";

    private final JobRepository jobs;
    private final JobService jobService;
    private final JdbcClient jdbc;
    private final PoolCapacity capacity;
    private final JobRefunds refunds;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final String skipLocked;
    private final JobRunWrites writes;
    private final EntityManager entities;

    JobRuns(JobRepository jobs, JobService jobService, JdbcClient jdbc, PoolCapacity capacity, QuotaService quota,
            ProjectMemberships memberships, ApplicationEventPublisher events, Clock clock, DataSource dataSource,
            EntityManager entities) {
        this.jobs = jobs;
        this.jobService = jobService;
        this.jdbc = jdbc;
        this.capacity = capacity;
        this.refunds = new JobRefunds(quota, memberships);
        this.events = events;
        this.clock = clock;
        this.skipLocked = supportsSkipLocked(dataSource) ? " SKIP LOCKED" : "";
        this.writes = new JobRunWrites(jdbc);
        this.entities = entities;
    }

    private static boolean supportsSkipLocked(DataSource dataSource) {
        try {
            return "PostgreSQL".equals(JdbcUtils.extractDatabaseMetaData(dataSource,
                    DatabaseMetaData::getDatabaseProductName));
        }
        catch (MetaDataAccessException unknown) {
            return false;
        }
    }

    /** The GPUs the worker's PROCESSING jobs hold. */
    public int gpusRunningOn(UUID workerId) {
        return jdbc.sql("""
                SELECT COALESCE(SUM(gpu_count), 0) FROM gpu_jobs WHERE worker_id = :workerId AND status = 'PROCESSING'""")
            .param("workerId", workerId)
            .query(Integer.class)
            .single();
    }

    /** A claimed job and until when the claim holds. */
    public record Claim(JobResponse job, Instant leaseExpiresAt) {
    }

    /**
     * Takes the next job for the claimant and moves it to PROCESSING on it, with its pool's GPUs.
     * Empty when nothing fits, or when a concurrent claim took the pool's last GPUs first. The
     * claim's time is read once the GPUs are taken, so it is never earlier than the end of the job
     * that gave them back.
     *
     * @param allowance how long after the claim a job with the given time limit may still run
     */
    public Optional<Claim> claimNext(Claimant claimant, Duration lease, LongFunction<Duration> allowance) {
        Optional<UUID> candidate = jdbc.sql(NEXT_CANDIDATE + skipLocked)
            .param("poolId", claimant.poolId())
            .param("maxGpus", claimant.maxGpus())
            .query(UUID.class)
            .optional();
        if (candidate.isEmpty()) {
            return Optional.empty();
        }
        GpuJob job = jobs.findById(candidate.get()).orElseThrow();
        // Where the lock was waited for (no SKIP LOCKED), the job may have moved on meanwhile.
        if (job.getStatus() != JobStatus.APPROVED) {
            return Optional.empty();
        }
        // Detached (its history read) now, not while holding the pool's row, which every claim and
        // ending of the pool waits for.
        detach(job);
        if (!capacity.tryTake(job.getPoolId(), job.getGpuCount())) {
            return Optional.empty();
        }
        Instant now = Timestamps.now(clock);
        Instant leaseExpiresAt = now.plus(lease);
        job.startRun(claimant.workerId(), claimant.workerName(), claimant.actor(), now, leaseExpiresAt,
                now.plus(allowance.apply(job.getTimeLimitSeconds())));
        writes.started(job);
        published(job, JobStatus.APPROVED, claimant.actor());
        return Optional.of(new Claim(JobResponse.detail(job), leaseExpiresAt));
    }

    /**
     * Extends the lease of a job PROCESSING on the worker; a conditional UPDATE, so a job that any
     * ending got first is {@code LEASE_LOST}.
     *
     * @return whether someone asked to stop the job (the answer is then recorded as given)
     */
    public boolean heartbeat(UUID workerId, UUID jobId, Instant now, Instant leaseExpiresAt) {
        int updated = jdbc.sql("""
                UPDATE gpu_jobs SET lease_expires_at = :lease, last_heartbeat_at = :now,
                    stop_acknowledged = stop_requested, version = version + 1
                WHERE id = :jobId AND worker_id = :workerId AND status = 'PROCESSING'""")
            .param("lease", utc(leaseExpiresAt))
            .param("now", utc(now))
            .param("jobId", jobId)
            .param("workerId", workerId)
            .update();
        if (updated == 0) {
            throw jobs.existsById(jobId) ? new LeaseLostException() : new JobNotFoundException();
        }
        return jdbc.sql("SELECT stop_requested FROM gpu_jobs WHERE id = :jobId")
            .param("jobId", jobId)
            .query(Boolean.class)
            .single();
    }

    /**
     * The worker's report: settles the job (COMPLETED or FAILED), gives its GPUs back, refunds what
     * it did not use and keeps its output. The same report again from the same worker answers the
     * same view; anything else for a job no longer running on the worker is {@code LEASE_LOST}.
     */
    public JobResponse finish(Report report, Instant now) {
        // Its row locked until the commit: this finish against any other ending.
        GpuJob job = entities.find(GpuJob.class, report.jobId(), LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            throw new JobNotFoundException();
        }
        if (job.isRunningOn(report.workerId())) {
            detach(job);
            BigDecimal refund = job.finishRun(report.exitCode(), report.runSeconds(), report.actor(), now);
            if (report.output() != null && !report.output().isEmpty()) {
                jdbc.sql("INSERT INTO job_outputs (job_id, output) VALUES (:jobId, :output)")
                    .param("jobId", job.getId())
                    .param("output", report.output())
                    .update();
            }
            end(job, refund, report.actor());
            return JobResponse.detail(job);
        }
        if (job.wasFinishedBy(report.workerId(), report.exitCode())) {
            return JobResponse.detail(job);
        }
        throw new LeaseLostException();
    }

    /** The job views PROCESSING on the worker, oldest claim first. */
    @Transactional(readOnly = true)
    public List<JobResponse> runningOn(UUID workerId) {
        return jobs.findByWorkerIdAndStatusOrderByStartedAtAscIdAsc(workerId, JobStatus.PROCESSING)
            .stream()
            .map(JobResponse::detail)
            .toList();
    }

    /**
     * After the service was away: every live lease lasts at least until {@code until}, so that the
     * workers, which kept retrying, can heartbeat again before any of their jobs is judged lost.
     *
     * @return the number of leases extended
     */
    public int extendLiveLeases(Instant until) {
        return jdbc.sql("""
                UPDATE gpu_jobs SET lease_expires_at = :until, version = version + 1
                WHERE status = 'PROCESSING' AND worker_id IS NOT NULL AND lease_expires_at < :until""")
            .param("until", utc(until))
            .update();
    }

    /** Jobs whose lease has expired, or that ran past their time limit and grace, at {@code now}. */
    @Transactional(readOnly = true)
    public List<UUID> overdue(Instant now) {
        return jdbc.sql("""
                SELECT id FROM gpu_jobs
                WHERE status = 'PROCESSING' AND worker_id IS NOT NULL
                  AND (lease_expires_at < :now OR deadline_at <= :now)
                ORDER BY id""")
            .param("now", utc(now))
            .query(UUID.class)
            .list();
    }

    /**
     * Ends the job by the service itself if it is still overdue once its row is locked: FAILED by
     * {@code system}, {@code worker lost} (charged from the claim to the last heartbeat) or
     * {@code time limit exceeded} (charged in full). A job another transaction holds (a finish, or
     * another replica's sweep) is left to it.
     */
    public Optional<Ended> endIfOverdue(UUID jobId, Instant now) {
        Optional<UUID> locked = jdbc.sql("""
                SELECT id FROM gpu_jobs
                WHERE id = :jobId AND status = 'PROCESSING' AND worker_id IS NOT NULL
                  AND (lease_expires_at < :now OR deadline_at <= :now)
                FOR UPDATE""" + skipLocked)
            .param("jobId", jobId)
            .param("now", utc(now))
            .query(UUID.class)
            .optional();
        if (locked.isEmpty()) {
            return Optional.empty();
        }
        GpuJob job = jobs.findById(jobId).orElseThrow();
        if (!job.isOverdue(now)) {
            return Optional.empty();
        }
        EndReason reason = job.overdueReason();
        detach(job);
        BigDecimal refund = job.endBySystem(reason, SYSTEM, now);
        return Optional.of(new Ended(job.getId(), job.getPoolName(), reason, end(job, refund, SYSTEM)));
    }

    /**
     * Whoever may read a PROCESSING job that a worker runs asks to stop it; the worker learns it at
     * its next heartbeat. Asking again changes nothing. Any other job: {@code INVALID_TRANSITION}.
     */
    @Transactional(propagation = Propagation.REQUIRED)
    public JobResponse requestStop(AuthenticatedUser caller, UUID jobId) {
        jobService.visibleJob(caller, jobId);
        if (jobs.requestStop(jobId, caller.username(), Timestamps.now(clock)) == 0) {
            GpuJob job = jobs.findById(jobId).orElseThrow(JobNotFoundException::new);
            boolean askedAlready = job.getStatus() == JobStatus.PROCESSING && job.getWorkerId() != null
                    && job.isStopRequested();
            if (!askedAlready) {
                throw new InvalidTransitionException("Only a PROCESSING job that a worker runs can be stopped; this "
                        + "one is " + job.getStatus() + (job.getWorkerId() == null ? " and run by hand." : "."));
            }
            return JobResponse.detail(job);
        }
        return JobResponse.detail(jobs.findById(jobId).orElseThrow(JobNotFoundException::new));
    }

    /** The output the worker reported, for whoever may read the job; empty while there is none. */
    @Transactional(propagation = Propagation.REQUIRED, readOnly = true)
    public Optional<String> output(AuthenticatedUser caller, UUID jobId) {
        jobService.visibleJob(caller, jobId);
        return jdbc.sql("SELECT output FROM job_outputs WHERE job_id = :jobId")
            .param("jobId", jobId)
            .query(String.class)
            .optional();
    }

    /**
     * Takes the job out of the persistence context, its history read: its run's start or end is
     * written by {@link JobRunWrites}, and nothing may flush it besides.
     */
    private void detach(GpuJob job) {
        job.loadHistory();
        entities.detach(job);
    }

    /** Writes the run's ending, with its refund and event, and gives its GPUs back; the event's job view. */
    private JobResponse end(GpuJob job, BigDecimal refund, String actor) {
        writes.ended(job);
        refunds.refund(job, refund, actor);
        JobResponse view = published(job, JobStatus.PROCESSING, actor);
        // Last: the pool's row is the one every claim and ending of the pool waits for, so it is held
        // only from here to the commit.
        capacity.release(job.getPoolId(), job.getGpuCount());
        return view;
    }

    /**
     * In the caller's transaction, as {@link JobService} does for an admin's change: the listeners
     * record the change with it, or not at all if it rolls back. A running or ended job has no wait
     * reason, so the view costs no query.
     */
    private JobResponse published(GpuJob job, JobStatus from, String actor) {
        JobResponse view = JobResponse.summary(job);
        events.publishEvent(new JobStatusChanged(view, from, job.getStatus(), actor));
        return view;
    }

    private static java.time.OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
