package io.gaas.worker;

import org.springframework.context.ApplicationContext;

/** Lets tests of other features run one lease sweep now, as the schedule would. */
public final class Sweeps {

    private Sweeps() {
    }

    /** One sweep of the context's sweeper; the number of jobs it ended. */
    public static int sweepNow(ApplicationContext context) {
        return context.getBean(LeaseSweeper.class).sweep();
    }
}
