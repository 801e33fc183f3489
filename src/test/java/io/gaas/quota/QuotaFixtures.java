package io.gaas.quota;

import java.math.BigDecimal;

/** Quota errors for tests outside this package, where their constructors are not visible. */
public final class QuotaFixtures {

    private QuotaFixtures() {
    }

    public static InsufficientQuotaException insufficientQuota(String requested, String remaining) {
        return new InsufficientQuotaException(new BigDecimal(requested), new BigDecimal(remaining));
    }
}
