package io.gaas.worker;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A new worker of a pool. The name is case-insensitive and stored lower-case. */
record CreateWorkerRequest(
        @Schema(example = "node-01", description = "2..32 of a-z 0-9 - _, starting with a letter or digit "
                + "(upper-case accepted, stored lower-case); unique")
        @NotNull @Pattern(regexp = NAME_PATTERN, message = NAME_RULE) String name,
        @Schema(example = "a100", description = "The pool whose jobs it runs")
        @NotNull String pool,
        @Schema(example = "4", description = "GPUs on the machine, 1..64")
        @NotNull @Min(1) @Max(64) Integer gpus) {

    static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9_-]{1,31}";
    static final String NAME_RULE = "must be 2..32 characters of a-z 0-9 - _, starting with a letter or digit";
}
