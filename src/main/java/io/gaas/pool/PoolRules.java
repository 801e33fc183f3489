package io.gaas.pool;

import java.math.BigDecimal;

import io.gaas.quota.Hours;
import io.gaas.web.ResourceNames;
import io.gaas.web.ValidationException;

/** The rules of a pool's fields, the same for a new pool and for a change of one. */
final class PoolRules {

    static final int MAX_DESCRIPTION = 2000;
    static final int MAX_GPUS = 100000;
    static final BigDecimal MIN_WEIGHT = new BigDecimal("0.01");
    static final BigDecimal MAX_WEIGHT = new BigDecimal("100");

    private PoolRules() {
    }

    static String name(String name) {
        if (name == null) {
            throw new ValidationException("name", "is required");
        }
        return ResourceNames.normalize(name).orElseThrow(() -> new ValidationException("name", ResourceNames.RULE));
    }

    static String description(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw new ValidationException("description", "must be at most " + MAX_DESCRIPTION + " characters");
        }
        if (description != null && description.indexOf('\u0000') >= 0) {
            throw new ValidationException("description", "must not contain NUL characters");
        }
        return description;
    }

    static Integer gpus(Integer gpus) {
        if (gpus != null && (gpus < 1 || gpus > MAX_GPUS)) {
            throw new ValidationException("gpus", "must be between 1 and " + MAX_GPUS + ", or null for no limit");
        }
        return gpus;
    }

    static BigDecimal weight(BigDecimal weight) {
        if (weight == null) {
            throw new ValidationException("weight", "must not be null");
        }
        if (weight.compareTo(MIN_WEIGHT) < 0 || weight.compareTo(MAX_WEIGHT) > 0) {
            throw new ValidationException("weight", "must be between 0.01 and 100");
        }
        if (!Hours.hasAtMostTwoDecimals(weight)) {
            throw new ValidationException("weight", "must have at most 2 decimal places");
        }
        return Hours.exact(weight);
    }

    static BigDecimal autoApproveHours(BigDecimal hours) {
        if (hours == null) {
            return null;
        }
        if (hours.signum() < 0 || hours.compareTo(Hours.MAX_AMOUNT) > 0) {
            throw new ValidationException("autoApproveHours", "must be between 0 and 100000, or null");
        }
        if (!Hours.hasAtMostTwoDecimals(hours)) {
            throw new ValidationException("autoApproveHours", "must have at most 2 decimal places");
        }
        return Hours.exact(hours);
    }

    static boolean enabled(Boolean enabled) {
        if (enabled == null) {
            throw new ValidationException("enabled", "must be true or false");
        }
        return enabled;
    }
}
