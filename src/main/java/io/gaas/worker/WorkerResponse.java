package io.gaas.worker;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** The worker view. */
public record WorkerResponse(UUID id, @Schema(example = "node-01") String name, @Schema(example = "a100") String pool,
        @Schema(example = "4") int gpus, boolean enabled,
        @Schema(nullable = true, description = "The last claim, heartbeat or finish; null before the first")
        Instant lastSeenAt,
        @Schema(example = "1", description = "Jobs PROCESSING on this worker") long runningJobs,
        Instant createdAt) {

    static WorkerResponse from(Worker worker, String poolName, long runningJobs) {
        return new WorkerResponse(worker.getId(), worker.getName(), poolName, worker.getGpus(), worker.isEnabled(),
                worker.getLastSeenAt(), runningJobs, worker.getCreatedAt());
    }
}
