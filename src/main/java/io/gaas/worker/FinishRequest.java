package io.gaas.worker;

import java.math.BigDecimal;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

/**
 * A worker's report of a job's end. {@code exitCode} is read as a number and checked to be an
 * integer here, so that {@code 3.5} is a 400 naming the field rather than an unreadable body.
 */
record FinishRequest(
        @Schema(type = "integer", format = "int32", example = "0", nullable = true,
                description = "The command's exit code; null when it could not be started")
        BigDecimal exitCode,
        @Schema(example = "5400.5", description = "Seconds the command ran, 0 or more")
        @NotNull @DecimalMin("0") @DecimalMax("1000000000") BigDecimal runSeconds,
        @Schema(example = "epoch 3/3: loss 0.12", nullable = true,
                description = "The last lines of output: at most 32768 characters, no NUL")
        String output) {

    static final int MAX_OUTPUT_CHARACTERS = 32768;
}
