package io.gaas.worker;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** The worker view with its new token: the answer to a creation or a rotation, the only time the token is shown. */
record WorkerWithTokenResponse(UUID id, @Schema(example = "node-01") String name, @Schema(example = "a100") String pool,
        @Schema(example = "4") int gpus, boolean enabled, @Schema(nullable = true) Instant lastSeenAt,
        @Schema(example = "0") long runningJobs, Instant createdAt,
        @Schema(example = "gaasw_3q2-7wEvN0yCz9m1x0LrVb8kQh5TtUe4yF6gHjKlMnO",
                description = "Shown this once; the service keeps only its SHA-256") String token) {

    static WorkerWithTokenResponse of(WorkerResponse view, String token) {
        return new WorkerWithTokenResponse(view.id(), view.name(), view.pool(), view.gpus(), view.enabled(),
                view.lastSeenAt(), view.runningJobs(), view.createdAt(), token);
    }
}
