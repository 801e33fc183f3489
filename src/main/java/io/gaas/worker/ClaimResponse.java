package io.gaas.worker;

import java.time.Instant;

import io.gaas.job.JobResponse;
import io.swagger.v3.oas.annotations.media.Schema;

/** A claimed job, how long the claim holds, and how often to heartbeat to keep it. */
record ClaimResponse(JobResponse job, Instant leaseExpiresAt,
        @Schema(example = "20", description = "A third of the lease, in whole seconds, at least 1") long heartbeatSeconds) {
}
