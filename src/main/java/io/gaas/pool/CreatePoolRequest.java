package io.gaas.pool;

import java.math.BigDecimal;

import io.swagger.v3.oas.annotations.media.Schema;

/** A new pool; its rules are checked by {@link PoolRules}. */
public record CreatePoolRequest(
        @Schema(example = "a100", requiredMode = Schema.RequiredMode.REQUIRED, description = "2..32 characters of "
                + "a-z, 0-9, '-' and '_', starting with a letter or digit; upper case is accepted and stored lower-cased")
        String name,
        @Schema(example = "8 × A100 80 GB, rack 3", nullable = true, description = "Optional, at most 2000 characters")
        String description,
        @Schema(example = "8", nullable = true, minimum = "1", maximum = "100000",
                description = "Capacity in GPUs; null (the default): no limit") Integer gpus,
        @Schema(example = "2.0", nullable = true, defaultValue = "1", minimum = "0.01", maximum = "100",
                description = "Quota hours per GPU-hour: 0.01..100, at most 2 decimal places; default 1")
        BigDecimal weight,
        @Schema(example = "4", nullable = true, minimum = "0", maximum = "100000",
                description = "Jobs whose charge is at most this are approved at submission; null (the default): "
                        + "every job waits for an approver")
        BigDecimal autoApproveHours) {
}
