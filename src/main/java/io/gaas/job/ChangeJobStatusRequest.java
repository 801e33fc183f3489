package io.gaas.job;

import java.math.BigDecimal;

import io.gaas.quota.HoursAmount;
import io.gaas.web.StorableText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;

/** An admin's status change; {@code usedHours} only for COMPLETED and FAILED. */
public record ChangeJobStatusRequest(
        @Schema(example = "APPROVED", allowableValues = { "APPROVED", "REJECTED", "PROCESSING", "COMPLETED",
                "FAILED" })
        @NotBlank String status,
        @Schema(example = "capacity available", maxLength = 500,
                description = "Optional, at most 500 characters; no NUL")
        @StorableText(max = 500) String reason,
        @Schema(example = "1.25", description = "COMPLETED/FAILED only: hours used, 0..gpuHours (default gpuHours)")
        @HoursAmount(allowZero = true) BigDecimal usedHours) {
}
