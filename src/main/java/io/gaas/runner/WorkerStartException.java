package io.gaas.runner;

/** A reason the worker cannot start (or go on), with the exit code it ends with. */
final class WorkerStartException extends Exception {

    private final int exitCode;

    WorkerStartException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
