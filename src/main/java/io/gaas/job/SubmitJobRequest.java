package io.gaas.job;

import java.math.BigDecimal;

import io.gaas.quota.HoursAmount;
import io.gaas.web.StorableText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** A job submission. The name is trimmed before it is checked and stored. */
public record SubmitJobRequest(
        @Schema(example = "train-resnet", maxLength = 100, description = "1..100 characters after trimming; no NUL")
        @NotBlank @StorableText(max = 100) String name,
        @Schema(example = "2.5", description = "Hours to reserve: more than 0, at most 100000, at most 2 decimal places")
        @NotNull @HoursAmount BigDecimal gpuHours,
        @Schema(example = "ResNet-50 on ImageNet, 4 GPUs", maxLength = 2000,
                description = "Optional, at most 2000 characters; no NUL")
        @StorableText(max = 2000) String description) {

    public SubmitJobRequest {
        name = name == null ? null : name.strip();
    }
}
