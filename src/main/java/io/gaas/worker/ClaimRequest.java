package io.gaas.worker;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** A worker asks for a job that fits its free GPUs, waiting up to {@code waitSeconds} for one. */
record ClaimRequest(
        @Schema(example = "4", description = "1..the worker's gpus")
        @NotNull @Min(1) Integer freeGpus,
        @Schema(example = "20", description = "0..30 (default 0): how long to wait for a job before 204",
                nullable = true)
        @Min(0) @Max(30) Integer waitSeconds) {

    int waitSecondsOrDefault() {
        return waitSeconds == null ? 0 : waitSeconds;
    }
}
