package io.gaas.quota;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * An account's balance and allocation as read under its row lock. The allocation fields are all
 * {@code null} when it has none; {@code lastRefillAt} is {@code null} until its first refill.
 */
record AccountState(UUID accountId, AccountType type, BigDecimal balance, BigDecimal allocationHours,
        AllocationPeriod period, BigDecimal carryOverHours, Instant nextRefillAt, Instant lastRefillAt,
        Instant lastEntryAt) {

    boolean hasAllocation() {
        return allocationHours != null;
    }

    /** What a refill makes of the balance: the carry-over of what is left, plus the period's hours. */
    BigDecimal refilledBalance() {
        return balance.min(carryOverHours).add(allocationHours);
    }

    /**
     * How much of a refund of {@code amount} for a job charged at {@code chargedAt} the account takes:
     * all of it, unless the job was charged before the last refill; then only up to
     * {@code hours + carryOverHours} (never less than 0), with the allocation as it is now. The rest
     * expired with the period, as unspent hours do, so holding hours across a refill gains nothing.
     */
    BigDecimal refundable(BigDecimal amount, Instant chargedAt) {
        if (!hasAllocation() || lastRefillAt == null || !chargedAt.isBefore(lastRefillAt)) {
            return amount;
        }
        BigDecimal room = allocationHours.add(carryOverHours).subtract(balance);
        return amount.min(room.max(BigDecimal.ZERO.setScale(Hours.SCALE)));
    }
}
