package io.gaas.job;

import java.math.BigDecimal;
import java.util.List;

import io.gaas.quota.HoursAmount;
import io.gaas.web.StorableText;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** A job submission. The name is trimmed before it is checked and stored. */
public record SubmitJobRequest(
        @Schema(example = "train-resnet", maxLength = 100, description = "1..100 characters after trimming; no NUL")
        @NotBlank @StorableText(max = 100) String name,
        @Schema(example = "2.5", description = "GPU-hours to reserve (GPUs × hours of wall time): more than 0, at "
                + "most 100000, at most 2 decimal places, and at least 0.01 per GPU. The charge is gpuHours × the "
                + "pool's weight, rounded up to 0.01.")
        @NotNull @HoursAmount BigDecimal gpuHours,
        @Schema(example = "ResNet-50 on ImageNet, 4 GPUs", maxLength = 2000,
                description = "Optional, at most 2000 characters; no NUL")
        @Nullable @StorableText(max = 2000) String description,
        @Schema(example = "a100", description = "The pool to run in (any case); default `default`",
                defaultValue = "default")
        @Nullable String pool,
        @Schema(example = "2", description = "GPUs the job runs on: 1..64 and at most the pool's gpus; default 1",
                defaultValue = "1", minimum = "1", maximum = "64")
        @Nullable @Min(1) @Max(64) Integer gpuCount,
        @ArraySchema(arraySchema = @Schema(example = "[\"python\", \"train.py\", \"--epochs\", \"3\"]",
                description = "What a worker runs (no shell): 1..64 strings of 1..4096 characters, no NUL; "
                        + "default null (the job is run by hand)"),
                minItems = 1, maxItems = 64, schema = @Schema(minLength = 1, maxLength = 4096))
        @Nullable @Command List<String> command,
        @Schema(example = "vision-lab", description = "The project to charge the job to instead of yourself (any "
                + "case); you must be a member of it. Default null: charged to you.")
        @Nullable String project) {

    public SubmitJobRequest {
        name = name == null ? null : name.strip();
    }

    /** A v1 submission: no pool, one GPU, no command. */
    public SubmitJobRequest(String name, BigDecimal gpuHours, String description) {
        this(name, gpuHours, description, null, null, null);
    }

    /** A submission charged to the submitter. */
    public SubmitJobRequest(String name, BigDecimal gpuHours, String description, String pool, Integer gpuCount,
            List<String> command) {
        this(name, gpuHours, description, pool, gpuCount, command, null);
    }
}
