package io.gaas.runner;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: each failure doubles the delay up to a ceiling, and the delay
 * actually waited is drawn between half and all of it, so workers that lost the server at the same
 * moment do not all come back in the same second. Not thread-safe: one per retrying loop.
 */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private Duration current;

    Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
        this.current = initial;
    }

    /** The delay to wait before the next attempt; the one after it will be twice as long. */
    Duration next() {
        long ceiling = current.toMillis();
        current = current.multipliedBy(2).compareTo(max) > 0 ? max : current.multipliedBy(2);
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }

    /** The delay to wait, but never less than what the server asked for in {@code Retry-After}. */
    Duration next(Duration atLeast) {
        Duration delay = next();
        return atLeast != null && atLeast.compareTo(delay) > 0 ? atLeast : delay;
    }

    void reset() {
        current = initial;
    }
}
