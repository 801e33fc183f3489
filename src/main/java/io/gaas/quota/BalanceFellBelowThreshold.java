package io.gaas.quota;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * Published inside the transaction of a change of hours that took a balance from at or above the
 * account's low-balance threshold to below it.
 */
public record BalanceFellBelowThreshold(AccountType type, UUID accountId, BigDecimal balance,
        BigDecimal lowBalanceHours) {
}
