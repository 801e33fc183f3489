package io.gaas.runner;

/** The worker's process exit codes, documented in the README. */
final class WorkerExit {

    /** Stopped by SIGTERM after draining its jobs. */
    static final int STOPPED = 0;
    /** Something the worker did not expect; the message says what. */
    static final int UNEXPECTED = 1;
    /** Bad command-line arguments or environment. */
    static final int USAGE = 2;
    /** The token file is missing, unreadable, empty or readable by others than its owner. */
    static final int TOKEN_FILE = 3;
    /** The server refused the token (401 or 403): wrong, rotated, or not a worker token. */
    static final int TOKEN_REFUSED = 4;

    private WorkerExit() {
    }
}
