package io.gaas.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BackoffTests {

    @RepeatedTest(20)
    void delaysDoubleUpToTheCeilingWithJitterWithinHalfOfEach() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8));
        long[] ceilings = {1000, 2000, 4000, 8000, 8000, 8000};

        for (long ceiling : ceilings) {
            assertThat(backoff.next().toMillis()).isBetween(ceiling / 2, ceiling);
        }
    }

    @Test
    void resetStartsAgainFromTheFirstDelay() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
        for (int i = 0; i < 10; i++) {
            backoff.next();
        }

        backoff.reset();

        assertThat(backoff.next().toMillis()).isBetween(500L, 1000L);
    }

    @Test
    void retryAfterFromTheServerIsNeverShortened() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

        assertThat(backoff.next(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.next(null).toMillis()).isBetween(1000L, 2000L);
    }
}
