package io.gaas.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where periods start, with the instant given rather than read from a clock. */
class PeriodCalendarTests {

    private static final PeriodCalendar UTC = new PeriodCalendar(ZoneOffset.UTC);

    @ParameterizedTest(name = "monthly after {0} -> {1}")
    @CsvSource({
        "2026-11-15T12:00:00Z,        2026-12-01T00:00:00Z",
        // at a start exactly: the next one, so a refill at its start never schedules itself again
        "2026-12-01T00:00:00Z,        2027-01-01T00:00:00Z",
        "2026-11-30T23:59:59.999Z,    2026-12-01T00:00:00Z",
        // the 31st, and the year's end
        "2026-12-31T23:59:59.999999Z, 2027-01-01T00:00:00Z",
        "2026-01-31T10:00:00Z,        2026-02-01T00:00:00Z",
        // February of a leap year has a 29th, and the 29th is still in February's period
        "2028-02-28T23:00:00Z,        2028-03-01T00:00:00Z",
        "2028-02-29T23:59:59Z,        2028-03-01T00:00:00Z",
        "2027-02-28T23:59:59Z,        2027-03-01T00:00:00Z",
    })
    void monthlyInUtc(Instant now, Instant expected) {
        assertThat(UTC.nextStartAfter(AllocationPeriod.MONTHLY, now)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "weekly after {0} -> {1}")
    @CsvSource({
        // Tuesday 1 December 2026 -> Monday 7 December
        "2026-12-01T00:00:07Z,        2026-12-07T00:00:00Z",
        "2026-12-06T23:59:59.999Z,    2026-12-07T00:00:00Z",
        "2026-12-07T00:00:00Z,        2026-12-14T00:00:00Z",
        "2026-12-07T00:00:00.001Z,    2026-12-14T00:00:00Z",
        // across the month's and the year's end
        "2026-12-30T08:00:00Z,        2027-01-04T00:00:00Z",
        // across 29 February 2028 (a Tuesday): Monday 6 March
        "2028-02-29T12:00:00Z,        2028-03-06T00:00:00Z",
    })
    void weeklyInUtc(Instant now, Instant expected) {
        assertThat(UTC.nextStartAfter(AllocationPeriod.WEEKLY, now)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} after {1} in Europe/Berlin -> {2}")
    @CsvSource({
        // Winter time (UTC+1): midnight of 1 March is 23:00 UTC the day before.
        "MONTHLY, 2026-02-10T00:00:00Z, 2026-02-28T23:00:00Z",
        // 23:30 UTC on 28 February is already 1 March in Berlin: the next start is April's, in summer time (UTC+2).
        "MONTHLY, 2026-02-28T23:30:00Z, 2026-03-31T22:00:00Z",
        "MONTHLY, 2026-10-15T00:00:00Z, 2026-10-31T23:00:00Z",
        // The clocks go forward on Sunday 29 March 2026: Monday 30 March starts at 22:00 UTC on the 29th.
        "WEEKLY,  2026-03-25T12:00:00Z, 2026-03-29T22:00:00Z",
        "WEEKLY,  2026-03-22T22:30:00Z, 2026-03-22T23:00:00Z",
        // ... and back on Sunday 25 October: Monday 26 October starts at 23:00 UTC on the 25th.
        "WEEKLY,  2026-10-21T12:00:00Z, 2026-10-25T23:00:00Z",
    })
    void inAZoneWithDaylightSavingTime(AllocationPeriod period, Instant now, Instant expected) {
        PeriodCalendar berlin = new PeriodCalendar(ZoneId.of("Europe/Berlin"));

        assertThat(berlin.nextStartAfter(period, now)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "monthly after {0} in America/Asuncion -> {1}")
    @CsvSource({
        // Paraguay's clocks went from 00:00 (-04:00) to 01:00 (-03:00) on 1 October 2023: that day
        // began at 01:00 local time, and so did the period.
        "2023-09-20T12:00:00Z, 2023-10-01T04:00:00Z",
        "2023-10-01T03:59:59Z, 2023-10-01T04:00:00Z",
        "2023-10-01T04:00:00Z, 2023-11-01T03:00:00Z",
    })
    void whenMidnightDoesNotExistThenThePeriodStartsAtTheDaysFirstMoment(Instant now, Instant expected) {
        PeriodCalendar asuncion = new PeriodCalendar(ZoneId.of("America/Asuncion"));

        assertThat(asuncion.nextStartAfter(AllocationPeriod.MONTHLY, now)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "after {0}, however long after the last start -> {1}")
    @CsvSource({
        // A service down from August to late November schedules the first start after now, not August's
        // missed ones one after the other.
        "2026-11-20T09:00:00Z, 2026-12-01T00:00:00Z",
        "2031-06-02T09:00:00Z, 2031-07-01T00:00:00Z",
    })
    void theNextStartDependsOnlyOnNow(Instant now, Instant expected) {
        assertThat(UTC.nextStartAfter(AllocationPeriod.MONTHLY, now)).isEqualTo(expected);
    }
}
