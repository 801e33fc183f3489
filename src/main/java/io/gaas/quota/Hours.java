package io.gaas.quota;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Hours are exact decimals with two places. Every amount entering the domain goes through here, so
 * that arithmetic and storage never see a binary float or a third decimal place.
 */
public final class Hours {

    public static final int SCALE = 2;
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("100000");

    private Hours() {
    }

    /** The amount at scale 2; refuses (rather than rounds) a value with more than 2 decimal places. */
    public static BigDecimal exact(BigDecimal value) {
        return value.setScale(SCALE, RoundingMode.UNNECESSARY);
    }

    /** Whether the value has at most 2 decimal places, judged by value ({@code 2.50} has 1). */
    public static boolean hasAtMostTwoDecimals(BigDecimal value) {
        return value.stripTrailingZeros().scale() <= SCALE;
    }
}
