package io.gaas.worker;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/** The lease, extended; {@code stop}: someone asked to stop the job, and the worker must end it. */
record HeartbeatResponse(Instant leaseExpiresAt, @Schema(example = "false") boolean stop) {
}
