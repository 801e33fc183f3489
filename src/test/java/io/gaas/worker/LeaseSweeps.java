package io.gaas.worker;

import java.time.Clock;

import org.springframework.context.ApplicationContext;

import io.gaas.config.Timestamps;
import io.gaas.job.JobRuns;

/**
 * Runs the service's own lease sweep for tests outside this package that move a test clock: after
 * {@link #settle}, no run is overdue at the clock's now, whether this sweep or the scheduled one
 * (which may be ending a job at that moment, holding its row) ended it.
 */
public final class LeaseSweeps {

    /** Far more than a scheduled sweep that holds a row needs to commit; only a sweep that never ends reaches it. */
    private static final int MAX_SWEEPS = 10_000;

    private LeaseSweeps() {
    }

    public static void settle(ApplicationContext context, Clock clock) {
        LeaseSweeper sweeper = context.getBean(LeaseSweeper.class);
        JobRuns runs = context.getBean(JobRuns.class);
        for (int sweeps = 0; sweeps < MAX_SWEEPS; sweeps++) {
            sweeper.sweep();
            if (runs.overdue(Timestamps.now(clock)).isEmpty()) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("runs still overdue after " + MAX_SWEEPS + " sweeps: "
                + runs.overdue(Timestamps.now(clock)));
    }
}
