package io.gaas.job;

import java.math.BigDecimal;
import java.util.List;

import io.gaas.quota.HoursAmount;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A job submission. The name is trimmed before it is checked and stored. */
public record SubmitJobRequest(
        @Schema(example = "train-resnet", description = "1..100 characters after trimming")
        @NotBlank @Size(max = 100) String name,
        @Schema(example = "2.5", description = "GPU-hours to reserve (GPUs × hours of wall time): more than 0, at "
                + "most 100000, at most 2 decimal places, and at least 0.01 per GPU. The charge is gpuHours × the "
                + "pool's weight, rounded up to 0.01.")
        @NotNull @HoursAmount BigDecimal gpuHours,
        @Schema(example = "ResNet-50 on ImageNet, 4 GPUs", description = "Optional, at most 2000 characters")
        @Size(max = 2000) String description,
        @Schema(example = "a100", description = "The pool to run in (any case); default `default`",
                defaultValue = "default", nullable = true)
        String pool,
        @Schema(example = "2", description = "GPUs the job runs on: 1..64 and at most the pool's gpus; default 1",
                defaultValue = "1", minimum = "1", maximum = "64", nullable = true)
        @Min(1) @Max(64) Integer gpuCount,
        @ArraySchema(arraySchema = @Schema(example = "[\"python\", \"train.py\", \"--epochs\", \"3\"]",
                description = "What a worker runs (no shell): 1..64 strings of 1..4096 characters, no NUL; "
                        + "default null (the job is run by hand)", nullable = true),
                minItems = 1, maxItems = 64, schema = @Schema(minLength = 1, maxLength = 4096))
        @Command List<String> command) {

    public SubmitJobRequest {
        name = name == null ? null : name.strip();
    }

    /** A v1 submission: no pool, one GPU, no command. */
    public SubmitJobRequest(String name, BigDecimal gpuHours, String description) {
        this(name, gpuHours, description, null, null, null);
    }
}
