package io.gaas.quota;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Where allocation periods start: 00:00 on the 1st of each month, or each Monday at 00:00, in the
 * configured time zone ({@code GAAS_PERIOD_TIMEZONE}). Where a daylight-saving change skips
 * midnight, the period starts at the first moment of that day that exists.
 */
@Component
class PeriodCalendar {

    private final ZoneId zone;

    @Autowired
    PeriodCalendar(QuotaProperties properties) {
        this(properties.periodTimezone());
    }

    PeriodCalendar(ZoneId zone) {
        this.zone = zone;
    }

    /** The first period start strictly after {@code now}. */
    Instant nextStartAfter(AllocationPeriod period, Instant now) {
        LocalDate day = firstStartOnOrBefore(period, now.atZone(zone).toLocalDate());
        Instant start = day.atStartOfDay(zone).toInstant();
        while (!start.isAfter(now)) {
            day = following(period, day);
            start = day.atStartOfDay(zone).toInstant();
        }
        return start;
    }

    private static LocalDate firstStartOnOrBefore(AllocationPeriod period, LocalDate day) {
        return switch (period) {
            case MONTHLY -> day.withDayOfMonth(1);
            case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        };
    }

    private static LocalDate following(AllocationPeriod period, LocalDate start) {
        return switch (period) {
            case MONTHLY -> start.plusMonths(1);
            case WEEKLY -> start.plusWeeks(1);
        };
    }
}
