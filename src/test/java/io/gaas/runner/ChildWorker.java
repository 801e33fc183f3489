package io.gaas.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The worker as a real child JVM ({@code java ... io.gaas.GaasApplication worker ...}), the way a
 * lab runs it, with short timings (kill grace, backoff, claim wait); its standard output and error
 * are kept line by line for assertions.
 */
final class ChildWorker {

    final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private ChildWorker(Process process) {
        this.process = process;
        this.outReader = Thread.ofPlatform().start(() -> collect(process.inputReader(), stdout, true));
        this.errReader = Thread.ofPlatform().start(() -> collect(
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)),
                stderr, false));
    }

    /** Starts {@code worker ARGS} in a child JVM with the test's class path; the caller ends it. */
    static ChildWorker launch(List<String> jvmOptions, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-Dgaas.worker.kill-grace=PT1S",
                "-Dgaas.worker.backoff-initial=PT0.05S", "-Dgaas.worker.backoff-max=PT0.2S",
                "-Dgaas.worker.claim-wait=PT1S"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.gaas.GaasApplication", "worker"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove(WorkerOptions.SERVER_ENV);
        builder.environment().remove(WorkerOptions.TOKEN_ENV);
        return new ChildWorker(builder.start());
    }

    private void collect(BufferedReader reader, List<String> lines, boolean echo) {
        try (reader) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                if (echo) {
                    System.out.println("[child] " + line);
                }
                synchronized (this) {
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the child is gone
        }
    }

    /**
     * SIGTERM, as {@link Process#destroy()} sends it, but through the process handle: {@code destroy()}
     * also closes the pipes from the child, and the test still wants to read what it logs.
     */
    void sigterm() {
        assertThat(process.toHandle().destroy()).isTrue();
    }

    int awaitExit() throws Exception {
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the worker exits").isTrue();
        outReader.join(10_000);
        errReader.join(10_000);
        return process.exitValue();
    }

    synchronized void awaitStdout(String text) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (stdout.stream().noneMatch(line -> line.contains(text))) {
            long left = until - System.nanoTime();
            assertThat(left).as("the worker logs \"" + text + "\"; stdout: " + stdout + " stderr: " + stderr)
                    .isPositive();
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    List<String> stdout() {
        return List.copyOf(stdout);
    }

    List<String> stderr() {
        return List.copyOf(stderr);
    }
}
