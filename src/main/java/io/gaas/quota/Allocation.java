package io.gaas.quota;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An account's allocation: at each period start its balance becomes
 * {@code min(balance, carryOverHours) + hours}; {@code nextRefillAt} is the next start.
 */
public record Allocation(BigDecimal hours, AllocationPeriod period, BigDecimal carryOverHours, Instant nextRefillAt) {
}
