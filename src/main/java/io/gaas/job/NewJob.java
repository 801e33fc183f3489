package io.gaas.job;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A submission before its pool is known to the database: what the owner asked for, checked and
 * normalised ({@code poolName} and {@code projectName} lower-cased), with its id and time.
 * {@code projectName} is null for a job charged to its owner.
 */
record NewJob(UUID id, UUID ownerId, String ownerUsername, String name, String description, BigDecimal gpuHours,
        String poolName, int gpuCount, List<String> command, Instant createdAt, String projectName) {

    /** A job charged to its owner. */
    NewJob(UUID id, UUID ownerId, String ownerUsername, String name, String description, BigDecimal gpuHours,
            String poolName, int gpuCount, List<String> command, Instant createdAt) {
        this(id, ownerId, ownerUsername, name, description, gpuHours, poolName, gpuCount, command, createdAt, null);
    }

    boolean isChargedToProject() {
        return projectName != null;
    }

    long timeLimitSeconds() {
        return Charges.timeLimitSeconds(gpuHours, gpuCount);
    }

    GpuJob at(UUID poolId, BigDecimal weight) {
        return new GpuJob(id, ownerId, ownerUsername, name, description, gpuHours, poolId, poolName, weight, gpuCount,
                command, createdAt);
    }
}
