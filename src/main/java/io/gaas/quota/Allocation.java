package io.gaas.quota;

import java.math.BigDecimal;
import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An account's allocation: at each period start its balance becomes
 * {@code min(balance, carryOverHours) + hours}; {@code nextRefillAt} is the next start.
 */
public record Allocation(@Schema(example = "100") BigDecimal hours, AllocationPeriod period,
        @Schema(example = "0", description = "Unspent hours up to this many are kept at a period start")
        BigDecimal carryOverHours,
        @Schema(description = "The next period start, when the next refill comes") Instant nextRefillAt) {
}
