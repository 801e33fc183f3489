package io.gaas.webhook;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a delivery again: the base delay after the first failed try, doubling after each
 * further one up to the cap, less a random quarter at most (jitter, so that receivers coming back
 * from an outage are not hit by every replica's retries at once).
 */
final class RetrySchedule {

    private final Duration base;
    private final Duration cap;
    private final int maxAttempts;

    RetrySchedule(Duration base, Duration cap, int maxAttempts) {
        this.base = base;
        this.cap = cap;
        this.maxAttempts = maxAttempts;
    }

    /** Whether a delivery whose {@code attemptsEnded} tries all failed gets another one. */
    boolean retries(int attemptsEnded) {
        return attemptsEnded < maxAttempts;
    }

    /** The longest delay after {@code attemptsEnded} failed tries (before jitter). */
    Duration ceiling(int attemptsEnded) {
        int doublings = Math.min(attemptsEnded - 1, 30);
        Duration delay = base.multipliedBy(1L << doublings);
        return delay.compareTo(cap) > 0 ? cap : delay;
    }

    Duration delayAfter(int attemptsEnded) {
        long ceilingMillis = ceiling(attemptsEnded).toMillis();
        long jitter = ThreadLocalRandom.current().nextLong(ceilingMillis / 4 + 1);
        return Duration.ofMillis(ceilingMillis - jitter);
    }
}
