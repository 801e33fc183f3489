package io.gaas.job;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.annotation.Nullable;

/**
 * The job view. {@code history} is part of the single-job views (and absent from lists); its first
 * entry is the submission. {@code @Nullable} marks what the API sends as {@code null} (and the
 * OpenAPI document then publishes as nullable).
 */
public record JobResponse(UUID id, String name, @Nullable String description, BigDecimal gpuHours,
        @Nullable BigDecimal usedHours,
        JobStatus status, Owner owner, Instant createdAt, Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<HistoryEntry> history) {

    public record Owner(UUID id, String username) {
    }

    public record HistoryEntry(JobStatus status, Instant at, String by, @Nullable String reason) {
    }

    static JobResponse summary(GpuJob job) {
        return new JobResponse(job.getId(), job.getName(), job.getDescription(), job.getGpuHours(),
                job.getUsedHours(), job.getStatus(), new Owner(job.getOwnerId(), job.getOwnerUsername()),
                job.getCreatedAt(), job.getUpdatedAt(), null);
    }

    static JobResponse detail(GpuJob job) {
        List<HistoryEntry> history = job.history()
            .stream()
            .map(change -> new HistoryEntry(change.status(), change.at(), change.by(), change.reason()))
            .toList();
        return new JobResponse(job.getId(), job.getName(), job.getDescription(), job.getGpuHours(),
                job.getUsedHours(), job.getStatus(), new Owner(job.getOwnerId(), job.getOwnerUsername()),
                job.getCreatedAt(), job.getUpdatedAt(), history);
    }
}
