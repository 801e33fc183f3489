package io.gaas.runner;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar gaas.jar worker ...}: checks the arguments and the token file, runs the worker
 * until SIGTERM, and exits with one of the codes of {@link WorkerExit}. Anything that stops it from
 * starting is one line on standard error.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(WorkerOptions.USAGE);
            return WorkerExit.STOPPED;
        }
        Worker worker;
        try {
            WorkerOptions options = WorkerOptions.parse(args, env);
            String token = options.tokenFile() != null ? TokenFile.read(options.tokenFile()) : options.envToken();
            worker = new Worker(options, token, RunnerSettings.fromSystemProperties(), new WorkerLog(out), version(),
                    env);
        } catch (WorkerStartException e) {
            err.println("gaas-worker: " + e.getMessage());
            return e.exitCode();
        } catch (RuntimeException e) {
            err.println("gaas-worker: cannot start: " + e);
            return WorkerExit.UNEXPECTED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drainThenHalt(worker, out), "gaas-worker-shutdown"));
        try {
            worker.run();
            return WorkerExit.STOPPED;
        } catch (WorkerStartException e) {
            err.println("gaas-worker: " + e.getMessage());
            return e.exitCode();
        } catch (Exception e) {
            err.println("gaas-worker: stopped by an unexpected error: " + e);
            return WorkerExit.UNEXPECTED;
        }
    }

    /**
     * SIGTERM (or SIGINT) runs the shutdown hooks: drain, then end the process with 0. {@code halt}
     * rather than returning, because a JVM ended by a signal would otherwise exit with 128 + signal.
     * When the worker had already ended by itself (its token refused), the hook has nothing to do.
     */
    private static void drainThenHalt(Worker worker, PrintStream out) {
        if (worker.isFinished()) {
            return;
        }
        worker.requestStop();
        try {
            while (!worker.awaitFinished(java.time.Duration.ofMinutes(1))) {
                // Draining jobs are killed at the end of the drain; keep waiting for their reports.
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(WorkerExit.STOPPED);
    }

    static String version() {
        String version = WorkerMain.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
