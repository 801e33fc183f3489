package io.gaas.request;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.gaas.quota.Hours;
import io.gaas.web.ValidationException;

/** The rules of a request's fields that Bean Validation cannot state on the body alone. */
final class QuotaRequestRules {

    /** At most this many OPEN requests per requester. */
    static final int MAX_OPEN_PER_REQUESTER = 10;

    static final BigDecimal MIN_GRANT = new BigDecimal("0.01");

    static final String NO_SUCH_PROJECT = "no such project, or you are not a member of it";

    /** A project name as API.md spells names (upper case accepted); anything else names no project. */
    private static final Pattern PROJECT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{1,31}");

    private QuotaRequestRules() {
    }

    /**
     * The project name to look up, or empty when the value cannot name a project at all: such a value
     * gets the same answer as an unknown project, without a query (PostgreSQL refuses NUL in a
     * parameter, and an odd case mapping could lengthen a name).
     */
    static Optional<String> projectName(String value) {
        return value != null && PROJECT_NAME.matcher(value).matches() ? Optional.of(value) : Optional.empty();
    }

    /**
     * What an approval grants: all the hours asked when {@code granted} is absent, else
     * {@code granted}, which must be 0.01..the hours asked with at most 2 decimal places.
     */
    static BigDecimal grantedHours(BigDecimal granted, BigDecimal asked) {
        if (granted == null) {
            return asked;
        }
        if (!Hours.hasAtMostTwoDecimals(granted)) {
            throw new ValidationException("grantedHours", "must have at most 2 decimal places");
        }
        if (granted.compareTo(MIN_GRANT) < 0 || granted.compareTo(asked) > 0) {
            throw new ValidationException("grantedHours",
                    "must be between 0.01 and the hours asked (" + asked.toPlainString() + ")");
        }
        return Hours.exact(granted);
    }

    /** A {@code ?status=} filter: exact names, as the API writes them. */
    static QuotaRequestStatus status(String value) {
        return Arrays.stream(QuotaRequestStatus.values())
            .filter(status -> status.name().equals(value))
            .findFirst()
            .orElseThrow(() -> new ValidationException("status", "must be one of "
                    + Arrays.stream(QuotaRequestStatus.values()).map(Enum::name).collect(Collectors.joining(", "))));
    }
}
