package io.gaas.runner;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The worker's log: one line per event (claim, end, error), with a UTC timestamp, on standard
 * output, where a service manager collects it. No stack traces: every error the worker expects is
 * said in words.
 */
final class WorkerLog {

    private final PrintStream out;

    WorkerLog(PrintStream out) {
        this.out = out;
    }

    void info(String format, Object... args) {
        line("INFO ", format, args);
    }

    void error(String format, Object... args) {
        line("ERROR", format, args);
    }

    private void line(String level, String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args).replace('\n', ' ').replace('\r', ' ');
        out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + level + " " + text);
    }
}
