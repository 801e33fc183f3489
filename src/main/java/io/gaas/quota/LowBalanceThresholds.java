package io.gaas.quota;

import java.math.BigDecimal;

import org.springframework.stereotype.Component;

/**
 * The low-balance threshold of an account, in one place: the account's own ({@code low_balance_hours})
 * when it has one, else the configured default.
 */
@Component
public class LowBalanceThresholds {

    private final BigDecimal defaultHours;

    LowBalanceThresholds(QuotaProperties properties) {
        this.defaultHours = Hours.exact(properties.lowBalanceHours());
    }

    /** The configured default, for accounts without a threshold of their own. */
    public BigDecimal defaultHours() {
        return defaultHours;
    }

    /** The threshold that applies to an account whose own setting is {@code accountHours} (may be null). */
    BigDecimal effective(BigDecimal accountHours) {
        return accountHours != null ? accountHours : defaultHours;
    }

    /** Whether a change of {@code delta} hours that left {@code balanceAfter} crossed {@code threshold}. */
    public static boolean crossed(BigDecimal balanceAfter, BigDecimal delta, BigDecimal threshold) {
        return balanceAfter.compareTo(threshold) < 0 && balanceAfter.subtract(delta).compareTo(threshold) >= 0;
    }
}
