package io.gaas.runner;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One claimed job, from the start of its command to its report. It runs on its own thread, which
 * sleeps until the next thing is due (a heartbeat, the time limit, the end of a drain, the SIGKILL
 * after a SIGTERM) or until something wakes it (the process exiting, a shutdown), so a job costs
 * the worker no polling.
 *
 * <p>However a job ends, its whole process tree is ended first; then it is reported exactly once,
 * except when the service said the job is no longer this worker's ({@code LEASE_LOST}) or refused
 * the token: then there is no one to report to.
 */
final class JobRun implements Runnable {

    /** Why the worker, rather than the command itself, ended the job. */
    enum Ending {
        STOPPED("stopped at the service's request"),
        TIME_LIMIT("killed at its time limit"),
        DRAINED("killed because the worker is shutting down and the drain time is over"),
        LEASE_LOST("killed because the service no longer holds it for this worker"),
        TOKEN_REFUSED("killed because the service refused the worker's token");

        private final String description;

        Ending(String description) {
            this.description = description;
        }

        boolean reported() {
            return this != LEASE_LOST && this != TOKEN_REFUSED;
        }
    }

    private static final long NEVER = Long.MAX_VALUE;

    private final Worker worker;
    private final ServerJob job;
    private final int heartbeatSeconds;
    private final List<String> gpus;
    private final Object signal = new Object();
    private boolean woken;

    JobRun(Worker worker, Claim claim, List<String> gpus) {
        this.worker = worker;
        this.job = claim.job();
        this.heartbeatSeconds = claim.heartbeatSeconds();
        this.gpus = gpus;
    }

    String jobId() {
        return job.id();
    }

    List<String> gpus() {
        return gpus;
    }

    /** Makes the run look at the world again now (the process ended, a drain began, the token went). */
    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    @Override
    public void run() {
        try {
            execute();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            worker.log().error("job %s: the worker failed to run it: %s", job.id(), e);
        } finally {
            worker.runEnded(this);
        }
    }

    private void execute() throws IOException, InterruptedException {
        Path dir = worker.jobDirectory(job.id());
        Path output = dir.resolve(Worker.OUTPUT_FILE);
        if (gpus == null) {
            notStarted(output, "the service gave the worker a job needing " + job.gpuCount()
                    + " GPUs when fewer were free");
            return;
        }
        if (job.command() == null || job.command().isEmpty()) {
            notStarted(output, "the job has no command");
            return;
        }
        long startNanos = System.nanoTime();
        Process process;
        try {
            process = processBuilder(dir, output).start();
        } catch (IOException | RuntimeException e) {
            notStarted(output, "could not start " + job.command().getFirst() + ": " + e.getMessage());
            return;
        }
        process.getOutputStream().close(); // no input: a command that reads stdin sees its end at once
        ProcessTree tree = new ProcessTree(process.toHandle());
        worker.rememberRunning(job.id(), process.toHandle());
        process.onExit().thenRun(this::wake);

        Ending ending = watch(process, tree, startNanos);
        double runSeconds = (System.nanoTime() - startNanos) / 1e9;
        int exitCode = process.exitValue();
        endLeftovers(tree);
        worker.forgetRunning(job.id());

        if (ending != null && !ending.reported()) {
            worker.log().info("job %s: %s; not reported", job.id(), ending.description);
            return;
        }
        if (ending != null) {
            Worker.appendNote(output, "the job was " + ending.description + " (exit code " + exitCode + ")");
        }
        worker.report(job.id(), exitCode, runSeconds, OutputTail.read(output));
    }

    private ProcessBuilder processBuilder(Path dir, Path output) {
        ProcessBuilder builder = new ProcessBuilder(job.command())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(output.toFile()));
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(worker.jobEnvironment());
        environment.put("CUDA_VISIBLE_DEVICES", String.join(",", gpus));
        environment.put("GAAS_JOB_ID", job.id());
        environment.put("GAAS_JOB_NAME", job.name() == null ? "" : job.name());
        return builder;
    }

    /** Waits for the process to end, heartbeating and ending it when it must end; says why it ended it. */
    private Ending watch(Process process, ProcessTree tree, long startNanos) throws InterruptedException {
        long limitAt = job.timeLimitSeconds() > 0
                ? startNanos + TimeUnit.SECONDS.toNanos(job.timeLimitSeconds()) : NEVER;
        long heartbeatNanos = TimeUnit.SECONDS.toNanos(heartbeatSeconds);
        long nextBeat = System.nanoTime() + heartbeatNanos;
        long killAt = NEVER;
        Backoff heartbeatBackoff = worker.newBackoff();
        boolean heartbeatFailing = false;
        Ending ending = null;
        while (process.isAlive()) {
            long now = System.nanoTime();
            if (ending == null) {
                Ending due = worker.tokenRefused() ? Ending.TOKEN_REFUSED
                        : reached(limitAt, now) ? Ending.TIME_LIMIT
                        : reached(worker.drainDeadline(), now) ? Ending.DRAINED
                        : null;
                if (due != null) {
                    ending = due;
                    killAt = begin(ending, tree);
                }
            }
            if (reached(killAt, now)) {
                tree.kill();
                killAt = NEVER;
            }
            boolean heartbeating = ending == null || ending.reported();
            if (heartbeating && now - nextBeat >= 0) {
                try {
                    boolean stop = worker.client().heartbeat(job.id());
                    heartbeatBackoff.reset();
                    if (heartbeatFailing) {
                        worker.log().info("job %s: heartbeats reach the service again", job.id());
                        heartbeatFailing = false;
                    }
                    if (stop && ending == null) {
                        ending = Ending.STOPPED;
                        killAt = begin(ending, tree);
                    }
                    nextBeat = System.nanoTime() + heartbeatNanos;
                } catch (CallFailure failure) {
                    switch (failure.kind()) {
                        case LEASE_LOST -> {
                            worker.log().error("job %s: %s", job.id(), failure.getMessage());
                            killAt = ending == null ? begin(Ending.LEASE_LOST, tree) : killAt;
                            ending = Ending.LEASE_LOST;
                        }
                        case TOKEN_REFUSED -> worker.refuseToken(failure);
                        default -> {
                            long delay = Math.min(heartbeatNanos, heartbeatBackoff.next(failure.retryAfter()).toNanos());
                            if (!heartbeatFailing) {
                                worker.log().error("job %s: heartbeat failed, retrying: %s", job.id(),
                                        failure.getMessage());
                                heartbeatFailing = true;
                            }
                            nextBeat = System.nanoTime() + delay;
                        }
                    }
                }
                continue;
            }
            tree.look();
            long wakeAt = ending == null ? Math.min(limitAt, worker.drainDeadline()) : killAt;
            if (heartbeating) {
                wakeAt = Math.min(wakeAt, nextBeat);
            }
            awaitUntil(wakeAt);
        }
        return ending;
    }

    private static boolean reached(long deadline, long now) {
        return deadline != NEVER && now - deadline >= 0;
    }

    private long begin(Ending ending, ProcessTree tree) {
        if (ending.reported()) {
            worker.log().info("job %s: %s; sending SIGTERM", job.id(), ending.description);
        }
        tree.terminate();
        return System.nanoTime() + worker.settings().killGrace().toNanos();
    }

    /** Background processes that outlived the command belong to the job too: they end with it. */
    private void endLeftovers(ProcessTree tree) throws InterruptedException {
        if (!tree.leftoversAlive()) {
            return;
        }
        tree.terminate();
        long killAt = System.nanoTime() + worker.settings().killGrace().toNanos();
        while (tree.anyAlive() && System.nanoTime() - killAt < 0) {
            // Processes that are not our children cannot be waited for: look again shortly.
            Thread.sleep(50);
        }
        tree.kill();
    }

    private void notStarted(Path output, String why) throws InterruptedException {
        worker.log().error("job %s: %s", job.id(), why);
        Worker.appendNote(output, why);
        worker.report(job.id(), null, 0, OutputTail.read(output));
    }

    private void awaitUntil(long deadlineNanos) throws InterruptedException {
        synchronized (signal) {
            while (!woken) {
                long left = deadlineNanos == NEVER ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(signal, left);
            }
            woken = false;
        }
    }
}
