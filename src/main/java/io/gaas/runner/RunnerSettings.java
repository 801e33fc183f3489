package io.gaas.runner;

import java.time.Duration;

/**
 * Timings that are fixed in production but shortened by tests, so that a test of a kill or a
 * retry does not wait for the real grace. Read from system properties ({@code gaas.worker.*}),
 * which are deliberately not part of the documented command line.
 *
 * @param killGrace       time between SIGTERM and SIGKILL when a job's process tree is ended
 * @param backoffInitial  first delay after a network error or a 5xx
 * @param backoffMax      the longest delay between two retries
 * @param quickEmptyPause pause after a claim answered 204 long before its wait was up (a disabled
 *                        worker is answered at once), so such answers never turn into a busy loop
 * @param reportWindow    how long, once draining has ended, reports are still retried before the
 *                        worker exits anyway (the service then ends the jobs at lease expiry)
 * @param claimWait       how long a claim waits on the service for a job (the protocol allows 30 s)
 */
record RunnerSettings(Duration killGrace, Duration backoffInitial, Duration backoffMax, Duration quickEmptyPause,
        Duration reportWindow, Duration claimWait) {

    static RunnerSettings defaults() {
        return new RunnerSettings(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(30));
    }

    static RunnerSettings fromSystemProperties() {
        RunnerSettings d = defaults();
        return new RunnerSettings(
                duration("gaas.worker.kill-grace", d.killGrace()),
                duration("gaas.worker.backoff-initial", d.backoffInitial()),
                duration("gaas.worker.backoff-max", d.backoffMax()),
                duration("gaas.worker.quick-empty-pause", d.quickEmptyPause()),
                duration("gaas.worker.report-window", d.reportWindow()),
                duration("gaas.worker.claim-wait", d.claimWait()));
    }

    private static Duration duration(String property, Duration fallback) {
        String value = System.getProperty(property);
        return value == null ? fallback : Duration.parse(value);
    }
}
