package io.gaas.quota;

import java.math.BigDecimal;
import java.util.UUID;

import jakarta.annotation.Nullable;

/**
 * What views of users and projects show of their account: the balance, the account's own
 * low-balance threshold ({@code null} = the configured default) and its allocation, if any.
 */
public record AccountSummary(UUID id, AccountType type, BigDecimal balance, @Nullable BigDecimal lowBalanceHours,
        @Nullable Allocation allocation) {
}
