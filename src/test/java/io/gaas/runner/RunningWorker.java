package io.gaas.runner;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A worker running in the test's JVM on its own thread, with short timings (kill grace, backoff)
 * so that tests of kills and retries stay quick, and its log kept for assertions.
 */
final class RunningWorker implements AutoCloseable {

    static final RunnerSettings FAST = new RunnerSettings(Duration.ofSeconds(1), Duration.ofMillis(50),
            Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(1));

    private final Worker worker;
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    RunningWorker(FakeWorkerServer server, String token, List<String> gpus, Path workdir, Duration drain,
            Map<String, String> environment) {
        this(server.url(), token, gpus, workdir, drain, environment);
    }

    RunningWorker(String serverUrl, String token, List<String> gpus, Path workdir, Duration drain,
            Map<String, String> environment) {
        WorkerOptions options = new WorkerOptions(URI.create(serverUrl), null, token, gpus, workdir, drain);
        PrintStream log = new PrintStream(new TeeStream(logBytes), true, StandardCharsets.UTF_8);
        this.worker = new Worker(options, token, FAST, new WorkerLog(log), "test", environment);
        Thread.ofPlatform().name("worker-under-test").start(() -> {
            try {
                worker.run();
                ended.complete(null);
            } catch (Throwable e) {
                ended.completeExceptionally(e);
            }
        });
    }

    static RunningWorker start(FakeWorkerServer server, String token, Path workdir, String... gpus) {
        return new RunningWorker(server, token, List.of(gpus), workdir, Duration.ofMinutes(5), System.getenv());
    }

    Worker worker() {
        return worker;
    }

    CompletableFuture<Void> ended() {
        return ended;
    }

    String log() {
        synchronized (logBytes) {
            return logBytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits (up to a minute) until the log has a line containing {@code text}. */
    void awaitLog(String text) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        synchronized (logBytes) {
            while (!logBytes.toString(StandardCharsets.UTF_8).contains(text)) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the worker never logged \"" + text + "\"; its log:\n" + log());
                }
                TimeUnit.NANOSECONDS.timedWait(logBytes, left);
            }
        }
    }

    /** Stops the worker as SIGTERM would and waits for it to end. */
    void stop() throws Exception {
        worker.requestStop();
        ended.get(1, TimeUnit.MINUTES);
    }

    @Override
    public void close() throws Exception {
        if (!worker.isFinished()) {
            worker.requestStop();
        }
        try {
            ended.get(1, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            // the test that expected the failure has looked at it
        }
    }

    /** Copies the log to the test's output as it is written, and wakes whoever waits for a line. */
    private static final class TeeStream extends java.io.OutputStream {
        private final ByteArrayOutputStream bytes;

        TeeStream(ByteArrayOutputStream bytes) {
            this.bytes = bytes;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (bytes) {
                bytes.write(b, off, len);
                bytes.notifyAll();
            }
            System.out.write(b, off, len);
        }
    }
}
