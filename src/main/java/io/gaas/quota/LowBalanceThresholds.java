package io.gaas.quota;

import java.math.BigDecimal;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * The low-balance threshold of an account, in one place. Every account has the configured default
 * for now; a per-account override will be read here.
 */
@Component
public class LowBalanceThresholds {

    private final BigDecimal defaultHours;

    LowBalanceThresholds(QuotaProperties properties) {
        this.defaultHours = Hours.exact(properties.lowBalanceHours());
    }

    public BigDecimal of(UUID userId) {
        return defaultHours;
    }

    /** Whether a change of {@code delta} hours that left {@code balanceAfter} crossed {@code threshold}. */
    public static boolean crossed(BigDecimal balanceAfter, BigDecimal delta, BigDecimal threshold) {
        return balanceAfter.compareTo(threshold) < 0 && balanceAfter.subtract(delta).compareTo(threshold) >= 0;
    }
}
