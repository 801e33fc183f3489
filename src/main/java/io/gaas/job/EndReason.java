package io.gaas.job;

/** How a run on a worker ended. Clients read this, never the history's free-text reason. */
public enum EndReason {
    /** The worker reported the command's exit code. */
    EXIT_CODE,
    /** The worker could not start the command. */
    START_FAILED,
    /** Someone asked to stop the job, and the worker ended it. */
    STOPPED,
    /** The worker's lease ran out. */
    WORKER_LOST,
    /** The job ran past its time limit and the worker's grace. */
    TIME_LIMIT,
    /** An admin ended it by hand. */
    MANUAL
}
