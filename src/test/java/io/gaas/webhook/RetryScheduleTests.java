package io.gaas.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryScheduleTests {

    private final RetrySchedule defaults = new RetrySchedule(Duration.ofSeconds(8), Duration.ofMinutes(30), 12);

    @RepeatedTest(20)
    void firstRetryComesWithin10SecondsAndEachDelayStaysWithinAQuarterBelowItsCeiling() {
        assertThat(defaults.delayAfter(1)).isLessThanOrEqualTo(Duration.ofSeconds(10));
        for (int attempts = 1; attempts < 12; attempts++) {
            Duration delay = defaults.delayAfter(attempts);
            assertThat(delay).isLessThanOrEqualTo(defaults.ceiling(attempts))
                .isGreaterThanOrEqualTo(defaults.ceiling(attempts).multipliedBy(3).dividedBy(4));
        }
    }

    @Test
    void delaysDoubleUpToTheCap() {
        assertThat(defaults.ceiling(1)).isEqualTo(Duration.ofSeconds(8));
        assertThat(defaults.ceiling(2)).isEqualTo(Duration.ofSeconds(16));
        assertThat(defaults.ceiling(5)).isEqualTo(Duration.ofSeconds(128));
        assertThat(defaults.ceiling(9)).isEqualTo(Duration.ofMinutes(30));
        assertThat(defaults.ceiling(60)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void atLeastEightTriesOverAtLeastAnHourEvenWithTheLargestJitter() {
        Duration shortest = Duration.ZERO;
        int tries = 1;
        while (defaults.retries(tries)) {
            shortest = shortest.plus(defaults.ceiling(tries).multipliedBy(3).dividedBy(4));
            tries++;
        }
        assertThat(tries).isGreaterThanOrEqualTo(8);
        assertThat(shortest).isGreaterThanOrEqualTo(Duration.ofHours(1));
    }
}
