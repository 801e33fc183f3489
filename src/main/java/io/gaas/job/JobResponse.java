package io.gaas.job;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The job view. {@code history} is part of the single-job views (and absent from lists); its first
 * entry is the submission. {@code usedHours} is GPU-hours used; {@code chargedHours} what the
 * owner's quota pays for the job now (its charge, then its final charge; 0 if it never ran).
 */
public record JobResponse(UUID id, String name, String description, BigDecimal gpuHours, BigDecimal usedHours,
        JobStatus status, Owner owner, Instant createdAt, Instant updatedAt,
        @Schema(example = "a100") String pool,
        @Schema(example = "2") int gpuCount,
        @Schema(example = "2.0", description = "The pool's weight when the job was submitted") BigDecimal weight,
        @Schema(example = "5.0") BigDecimal chargedHours,
        @Schema(example = "[\"python\", \"train.py\"]", nullable = true) List<String> command,
        @Schema(example = "4500", description = "Wall time the job may run: gpuHours / gpuCount hours, rounded "
                + "down to the second") long timeLimitSeconds,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<HistoryEntry> history) {

    public record Owner(UUID id, String username) {
    }

    public record HistoryEntry(JobStatus status, Instant at, String by, String reason) {
    }

    static JobResponse summary(GpuJob job) {
        return of(job, null);
    }

    static JobResponse detail(GpuJob job) {
        List<HistoryEntry> history = job.history()
            .stream()
            .map(change -> new HistoryEntry(change.status(), change.at(), change.by(), change.reason()))
            .toList();
        return of(job, history);
    }

    private static JobResponse of(GpuJob job, List<HistoryEntry> history) {
        return new JobResponse(job.getId(), job.getName(), job.getDescription(), job.getGpuHours(),
                job.getUsedHours(), job.getStatus(), new Owner(job.getOwnerId(), job.getOwnerUsername()),
                job.getCreatedAt(), job.getUpdatedAt(), job.getPoolName(), job.getGpuCount(), job.getWeight(),
                job.getChargedHours(), job.getCommand(), job.getTimeLimitSeconds(), history);
    }
}
