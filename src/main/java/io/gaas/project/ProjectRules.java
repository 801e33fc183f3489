package io.gaas.project;

import java.math.BigDecimal;

import io.gaas.quota.Hours;
import io.gaas.web.TextRule;
import io.gaas.web.ValidationException;

/** The rules of a project's fields in a change, where Bean Validation cannot see what was sent. */
final class ProjectRules {

    static final int MAX_DESCRIPTION = 2000;

    private ProjectRules() {
    }

    static String description(String description) {
        String problem = TextRule.problemWith(description, 0, MAX_DESCRIPTION);
        if (problem != null) {
            throw new ValidationException("description", problem);
        }
        return description;
    }

    static boolean enabled(Boolean enabled) {
        if (enabled == null) {
            throw new ValidationException("enabled", "must be true or false");
        }
        return enabled;
    }

    /** The account's own threshold of quota.low; {@code null} means the configured default. */
    static BigDecimal lowBalanceHours(BigDecimal hours) {
        if (hours == null) {
            return null;
        }
        if (hours.signum() < 0 || hours.compareTo(Hours.MAX_AMOUNT) > 0) {
            throw new ValidationException("lowBalanceHours", "must be between 0 and 100000, or null for the default");
        }
        if (!Hours.hasAtMostTwoDecimals(hours)) {
            throw new ValidationException("lowBalanceHours", "must have at most 2 decimal places");
        }
        return Hours.exact(hours);
    }
}
