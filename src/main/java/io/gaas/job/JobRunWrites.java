package io.gaas.job;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes a run's start and end as {@link GpuJob#startRun}, {@link GpuJob#finishRun} and
 * {@link GpuJob#endBySystem} left the job: its row and its newest history entry, in two plain
 * statements where a flush of the entity would first compare every field. The job is detached by
 * the caller (nothing else writes it) and its row locked, so it is found in the status it left.
 * A claim holds its pool's row from the GPUs' take to its commit, and every other claim and ending
 * of the pool waits for that row: what runs in between is kept short. (One data-modifying WITH for
 * both statements on PostgreSQL was measured too: 5 % more of the database's time in pgbench, and
 * no clear gain in the service's claims.)
 */
final class JobRunWrites {

    private final JdbcClient jdbc;

    JobRunWrites(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An APPROVED job that a worker has claimed. */
    void started(GpuJob job) {
        expectOne(job, jdbc.sql("""
                UPDATE gpu_jobs SET status = 'PROCESSING', worker_id = :workerId, worker_name = :workerName,
                    started_at = :startedAt, last_heartbeat_at = :startedAt, lease_expires_at = :leaseExpiresAt,
                    deadline_at = :deadlineAt, updated_at = :updatedAt, version = version + 1
                WHERE id = :id AND status = 'APPROVED'""")
            .param("id", job.getId())
            .param("workerId", job.getWorkerId())
            .param("workerName", job.getWorkerName())
            .param("startedAt", utc(job.getStartedAt()))
            .param("leaseExpiresAt", utc(job.getLeaseExpiresAt()))
            .param("deadlineAt", utc(job.getDeadlineAt()))
            .param("updatedAt", utc(job.getUpdatedAt()))
            .update());
        newestChange(job);
    }

    /** A PROCESSING job on a worker that the worker, or the service, has ended. */
    void ended(GpuJob job) {
        expectOne(job, jdbc.sql("""
                UPDATE gpu_jobs SET status = :status, used_hours = :usedHours, charged_hours = :chargedHours,
                    exit_code = :exitCode, end_reason = :endReason, finished_at = :finishedAt,
                    updated_at = :updatedAt, version = version + 1
                WHERE id = :id AND status = 'PROCESSING'""")
            .param("id", job.getId())
            .param("status", job.getStatus().name())
            .param("usedHours", job.getUsedHours())
            .param("chargedHours", job.getChargedHours())
            .param("exitCode", new SqlParameterValue(Types.INTEGER, job.getExitCode()))
            .param("endReason", job.getEndReason().name())
            .param("finishedAt", utc(job.getFinishedAt()))
            .param("updatedAt", utc(job.getUpdatedAt()))
            .update());
        newestChange(job);
    }

    private void newestChange(GpuJob job) {
        GpuJob.IndexedChange newest = job.newestChange();
        expectOne(job, jdbc.sql("""
                INSERT INTO job_history (job_id, seq, status, changed_at, actor, reason)
                VALUES (:id, :seq, :status, :changedAt, :actor, :reason)""")
            .param("id", job.getId())
            .param("seq", newest.seq())
            .param("status", newest.change().status().name())
            .param("changedAt", utc(newest.change().at()))
            .param("actor", newest.change().by())
            .param("reason", new SqlParameterValue(Types.VARCHAR, newest.change().reason()))
            .update());
    }

    private static void expectOne(GpuJob job, int written) {
        if (written != 1) {
            throw new IllegalStateException("Job " + job.getId() + " was not in the status its run left under its "
                    + "row lock");
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
