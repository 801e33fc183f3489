package io.gaas.worker;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** An admin's change of a worker; an absent field is left as it is. */
record UpdateWorkerRequest(
        @Schema(example = "false", description = "false drains the worker: its claims answer 204, while its "
                + "heartbeats and finishes still work")
        Boolean enabled,
        @Schema(example = "8", description = "1..64")
        @Min(1) @Max(64) Integer gpus) {
}
