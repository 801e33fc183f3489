package io.gaas.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class SlidingWindowTests {

    private static final Instant NOW = Instant.parse("2026-11-27T10:15:30Z");
    private static final SlidingWindow FIVE_IN_15_MINUTES = new SlidingWindow(5, Duration.ofMinutes(15));

    @Test
    void countsAfterIsTheWindowBeforeNow() {
        assertThat(FIVE_IN_15_MINUTES.countsAfter(NOW)).isEqualTo(NOW.minusSeconds(900));
    }

    @Test
    void secondsToWaitWhenNoEventsThenZero() {
        assertThat(FIVE_IN_15_MINUTES.secondsToWait(List.of(), NOW)).isZero();
    }

    @Test
    void secondsToWaitWhenOneBelowTheLimitThenZero() {
        assertThat(FIVE_IN_15_MINUTES.secondsToWait(eventsFrom(NOW.minusSeconds(600), 4), NOW)).isZero();
    }

    @Test
    void secondsToWaitWhenAtTheLimitThenUntilTheOldestLeaves() {
        // the oldest event was 10 minutes ago: it leaves the 15-minute window in 5 minutes
        assertThat(FIVE_IN_15_MINUTES.secondsToWait(eventsFrom(NOW.minusSeconds(600), 5), NOW)).isEqualTo(300);
    }

    @Test
    void secondsToWaitWhenOverTheLimitThenUntilEnoughHaveLeftToBeBelowIt() {
        List<Instant> six = List.of(NOW.minusSeconds(800), NOW.minusSeconds(700), NOW.minusSeconds(500),
                NOW.minusSeconds(400), NOW.minusSeconds(300), NOW.minusSeconds(200));

        assertThat(FIVE_IN_15_MINUTES.secondsToWait(six, NOW)).isEqualTo(200);
    }

    @Test
    void secondsToWaitWhenTheOldestLeavesInAFractionOfASecondThenRoundsUp() {
        assertThat(FIVE_IN_15_MINUTES.secondsToWait(eventsFrom(NOW.minusSeconds(900).plusMillis(300_500), 5), NOW))
            .isEqualTo(301);
    }

    @Test
    void secondsToWaitWhenTheOldestIsAboutToLeaveThenAtLeastOneSecond() {
        assertThat(FIVE_IN_15_MINUTES.secondsToWait(eventsFrom(NOW.minusSeconds(900).plusMillis(1), 5), NOW))
            .isEqualTo(1);
    }

    @Test
    void secondsToWaitWhenAllHappenedNowThenTheWholeWindow() {
        assertThat(FIVE_IN_15_MINUTES.secondsToWait(eventsFrom(NOW, 5).stream().map(e -> NOW).toList(), NOW))
            .isEqualTo(900);
    }

    @Test
    void newWhenLimitOrWindowIsNotPositiveThenRefused() {
        assertThatThrownBy(() -> new SlidingWindow(0, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SlidingWindow(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SlidingWindow(1, Duration.ofSeconds(-1)))
            .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Instant> eventsFrom(Instant oldest, int count) {
        return IntStream.range(0, count).mapToObj(i -> oldest.plusSeconds(i)).toList();
    }
}
