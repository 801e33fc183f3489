package io.gaas.job;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.gaas.project.ProjectRef;
import io.swagger.v3.oas.annotations.media.Schema;

import jakarta.annotation.Nullable;

/**
 * The job view. {@code history} is part of the single-job views (and absent from lists); its first
 * entry is the submission. {@code usedHours} is GPU-hours used; {@code chargedHours} what the
 * owner's quota pays for the job now (its charge, then its final charge; 0 if it never ran).
 * {@code @Nullable} marks what the API sends as {@code null} (and the OpenAPI document then
 * publishes as nullable).
 */
public record JobResponse(UUID id, String name, @Nullable String description, BigDecimal gpuHours,
        @Nullable BigDecimal usedHours,
        JobStatus status, Owner owner, Instant createdAt, Instant updatedAt,
        @Schema(example = "a100") String pool,
        @Schema(example = "2") int gpuCount,
        @Schema(example = "2.0", description = "The pool's weight when the job was submitted") BigDecimal weight,
        @Schema(example = "5.0") BigDecimal chargedHours,
        @Nullable @Schema(example = "[\"python\", \"train.py\"]") List<String> command,
        @Schema(example = "4500", description = "Wall time the job may run: gpuHours / gpuCount hours, rounded "
                + "down to the second") long timeLimitSeconds,
        @Schema(example = "false", description = "Someone asked the worker running the job to stop it")
        boolean stopRequested,
        @Schema(nullable = true, description = "The run on a worker; null until a worker claims the job") Run run,
        @Schema(nullable = true, allowableValues = { "POOL_DISABLED", "NO_WORKER_FITS", "CAPACITY" },
                description = "Why an APPROVED job with a command is not running yet (the first that applies); null "
                        + "when it only waits its turn, and for every other job")
        WaitReason waitReason,
        @Schema(nullable = true, description = "The project the job is charged to; null when it is charged to its "
                + "owner") ProjectRef project,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<HistoryEntry> history) {

    /** Why an APPROVED job with a command waits. */
    public enum WaitReason {
        POOL_DISABLED, NO_WORKER_FITS, CAPACITY
    }

    /** A job's run on a worker. {@code endReason} is null while it runs. */
    public record Run(RunWorker worker, Instant startedAt,
            @Schema(nullable = true) Instant finishedAt,
            @Schema(nullable = true, description = "null while running, and when the command did not start or the "
                    + "service ended the job") Integer exitCode,
            Instant leaseExpiresAt,
            @Schema(nullable = true) EndReason endReason) {
    }

    public record RunWorker(UUID id, @Schema(example = "node-01") String name) {
    }

    public record Owner(UUID id, String username) {
    }

    public record HistoryEntry(JobStatus status, Instant at, String by, @Nullable String reason) {
    }

    static JobResponse summary(GpuJob job) {
        return of(job, null, null);
    }

    static JobResponse summary(GpuJob job, WaitReason waitReason) {
        return of(job, null, waitReason);
    }

    static JobResponse detail(GpuJob job) {
        return detail(job, null);
    }

    static JobResponse detail(GpuJob job, WaitReason waitReason) {
        List<HistoryEntry> history = job.history()
            .stream()
            .map(change -> new HistoryEntry(change.status(), change.at(), change.by(), change.reason()))
            .toList();
        return of(job, history, waitReason);
    }

    /**
     * This view without its history and with {@code command: null}, as it may leave the service
     * (commands often hold secrets).
     */
    public JobResponse withoutCommandOrHistory() {
        return new JobResponse(id, name, description, gpuHours, usedHours, status, owner, createdAt, updatedAt, pool,
                gpuCount, weight, chargedHours, null, timeLimitSeconds, stopRequested, run, waitReason, project, null);
    }

    private static JobResponse of(GpuJob job, List<HistoryEntry> history, WaitReason waitReason) {
        return new JobResponse(job.getId(), job.getName(), job.getDescription(), job.getGpuHours(),
                job.getUsedHours(), job.getStatus(), new Owner(job.getOwnerId(), job.getOwnerUsername()),
                job.getCreatedAt(), job.getUpdatedAt(), job.getPoolName(), job.getGpuCount(), job.getWeight(),
                job.getChargedHours(), job.getCommand(), job.getTimeLimitSeconds(), job.isStopRequested(), run(job),
                waitReason, project(job), history);
    }

    private static ProjectRef project(GpuJob job) {
        return job.getProjectId() == null ? null : new ProjectRef(job.getProjectId(), job.getProjectName());
    }

    private static Run run(GpuJob job) {
        if (job.getWorkerId() == null) {
            return null;
        }
        return new Run(new RunWorker(job.getWorkerId(), job.getWorkerName()), job.getStartedAt(), job.getFinishedAt(),
                job.getExitCode(), job.getLeaseExpiresAt(), job.getEndReason());
    }
}
