package io.gaas.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import io.gaas.web.ValidationException;

/**
 * A report's window, [from, to): each bound a UTC date ({@code 2026-11-01}, its midnight) or an
 * instant ({@code 2026-11-01T12:00:00Z}); by default the current UTC month; at most 366 days.
 */
record ReportWindow(Instant from, Instant to) {

    static final Duration LONGEST = Duration.ofDays(366);

    static ReportWindow of(String from, String to, Clock clock) {
        LocalDate thisMonth = LocalDate.now(clock.withZone(ZoneOffset.UTC)).withDayOfMonth(1);
        Instant start = from == null ? midnight(thisMonth) : parse(from, "from");
        Instant end = to == null ? midnight(thisMonth.plusMonths(1)) : parse(to, "to");
        if (!start.isBefore(end)) {
            throw new ValidationException("from", "must be before to");
        }
        if (Duration.between(start, end).compareTo(LONGEST) > 0) {
            throw new ValidationException("to", "must be at most 366 days after from");
        }
        return new ReportWindow(start, end);
    }

    private static Instant parse(String value, String field) {
        try {
            return value.length() == 10 ? midnight(LocalDate.parse(value)) : Instant.parse(value);
        }
        catch (DateTimeParseException unparseable) {
            throw new ValidationException(field, "must be a UTC date (2026-11-01) or instant (2026-11-01T00:00:00Z)");
        }
    }

    private static Instant midnight(LocalDate date) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The window's bounds as UTC dates, for the CSV file name. */
    LocalDate fromDate() {
        return LocalDate.ofInstant(from, ZoneOffset.UTC);
    }

    LocalDate toDate() {
        return LocalDate.ofInstant(to, ZoneOffset.UTC);
    }
}
