package io.gaas.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * At most {@code limit} events within any {@code window}: the rule behind every per-key limit. An
 * attempt at the limit waits until enough of the counted events have left the window.
 */
public record SlidingWindow(int limit, Duration window) {

    public SlidingWindow {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, not " + window);
        }
    }

    /** The earliest event that still counts at {@code now}: anything at or before it has left the window. */
    public Instant countsAfter(Instant now) {
        return now.minus(window);
    }

    /**
     * @param events the times of the events still in the window (after {@link #countsAfter}), oldest first
     * @return 0 when one more event may happen at {@code now}; otherwise the whole seconds, at least 1,
     *         until the event whose departure brings the count below the limit leaves the window
     */
    public long secondsToWait(List<Instant> events, Instant now) {
        if (events.size() < limit) {
            return 0;
        }
        Instant leaves = events.get(events.size() - limit).plus(window);
        long millis = Duration.between(now, leaves).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
