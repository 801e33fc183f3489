package io.gaas.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code java ... io.gaas.GaasApplication worker ...} as a real child JVM, the way a lab runs it:
 * its exit codes and one-line messages, SIGTERM, and its memory
 * with a job that writes far more output than its heap could hold.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerCommandLineIntegrationTests {

    private static final String TOKEN = "gaasw_command-line-test-token";

    @TempDir
    Path dir;

    private FakeWorkerServer server;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = new FakeWorkerServer(TOKEN, 1);
    }

    @AfterEach
    void stopAll() {
        started.forEach(Process::destroyForcibly);
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--token-file TOKEN --gpus 0",
        "--server http://127.0.0.1:9 --gpus 0",
        "--server http://127.0.0.1:9 --token-file TOKEN",
        "--server http://127.0.0.1:9 --token-file TOKEN --gpus zero",
        "--server http://127.0.0.1:9 --token-file TOKEN --gpus 0,0",
        "--server ftp://example.org --token-file TOKEN --gpus 0",
        "--server http://127.0.0.1:9 --token-file TOKEN --gpus 0 --drain 5m",
        "--server http://127.0.0.1:9 --token-file TOKEN --gpus 0 --verbose",
        "--server http://127.0.0.1:9 --token-file TOKEN --gpus"})
    void badArgumentsExitWithCode2AndOneLine(String arguments) throws Exception {
        Path token = privateTokenFile(TOKEN);
        List<String> args = List.of(arguments.replace("TOKEN", token.toString()).split(" "));

        ChildWorker child = launch(List.of(), args);

        assertThat(child.awaitExit()).isEqualTo(WorkerExit.USAGE);
        assertThat(child.stderr()).hasSize(1);
        assertThat(child.stderr().getFirst()).startsWith("gaas-worker: ").contains("usage: java -jar gaas.jar worker");
        assertThat(server.calls()).isEmpty();
    }

    @Test
    void tokenFileReadableByOthersIsRefusedWithCode3() throws Exception {
        Path token = privateTokenFile(TOKEN);
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));

        ChildWorker child = launch(List.of(), List.of("--server", server.url(), "--token-file", token.toString(),
                "--gpus", "0"));

        assertThat(child.awaitExit()).isEqualTo(WorkerExit.TOKEN_FILE);
        assertThat(child.stderr()).singleElement().asString().contains("chmod 600");
        assertThat(server.calls()).isEmpty();
    }

    @Test
    void missingTokenFileIsRefusedWithCode3() throws Exception {
        ChildWorker child = launch(List.of(), List.of("--server", server.url(), "--token-file",
                dir.resolve("absent").toString(), "--gpus", "0"));

        assertThat(child.awaitExit()).isEqualTo(WorkerExit.TOKEN_FILE);
        assertThat(child.stderr()).singleElement().asString().contains("does not exist");
    }

    @Test
    void tokenRefusedByTheServerExitsWithCode4AndOneLine() throws Exception {
        Path token = privateTokenFile("gaasw_rotated-long-ago");

        ChildWorker child = launch(List.of(), List.of("--server", server.url(), "--token-file", token.toString(),
                "--gpus", "0", "--workdir", dir.resolve("work").toString()));

        assertThat(child.awaitExit()).isEqualTo(WorkerExit.TOKEN_REFUSED);
        assertThat(child.stderr()).singleElement().asString()
                .startsWith("gaas-worker: the server refused the worker token").contains("401");
    }

    @Test
    void sigtermStopsClaimingLetsTheRunningJobEndAndExitsZero() throws Exception {
        var job = server.offer(List.of("sh", "-c", "echo started; until [ -f release ]; do sleep 0.05; done; echo done"));
        ChildWorker child = launchWorker(List.of(), "PT5M");
        Path jobDir = dir.resolve("work").resolve(job.id);
        awaitFileContaining(jobDir.resolve("output.log"), "started");

        child.sigterm();
        child.awaitStdout("stopping: no more claims; 1 running job(s)");
        assertThat(job.finish).isNotDone();
        Files.createFile(jobDir.resolve("release"));

        assertThat(child.awaitExit()).isEqualTo(WorkerExit.STOPPED);
        JsonNode finish = job.awaitFinish();
        assertThat(finish.get("exitCode").asInt()).isZero();
        assertThat(finish.get("output").stringValue()).isEqualTo("started\ndone\n");
        assertThat(child.stdout()).anyMatch(line -> line.contains("gaas-worker stopped"));
        assertThat(child.stdout().getFirst()).contains("gaas-worker serving " + server.url());
        assertThat(server.calls("/claim")).hasSize(1);
        assertThat(child.stderr()).isEmpty();
    }

    @Test
    void sigtermKillsAndReportsJobsStillRunningAfterTheDrain() throws Exception {
        var job = server.offer(List.of("sh", "-c", "echo started; exec sleep 600"));
        ChildWorker child = launchWorker(List.of(), "PT1S");
        child.awaitStdout("job " + job.id + " claimed");

        child.sigterm();

        assertThat(child.awaitExit()).isEqualTo(WorkerExit.STOPPED);
        JsonNode finish = job.awaitFinish();
        assertThat(finish.get("exitCode").asInt()).isEqualTo(128 + 15);
        assertThat(finish.get("output").stringValue()).contains("the worker is shutting down");
    }

    @Test
    void hugeOutputIsReportedWithAHeapFarSmallerThanIt() throws Exception {
        var job = server.offer(List.of("sh", "-c", "head -c 50000000 /dev/zero | tr '\\0' y; echo END"));
        ChildWorker child = launchWorker(List.of("-Xmx32m"), "PT1S");

        String output = job.awaitFinish().get("output").stringValue();
        child.sigterm();

        assertThat(output).hasSize(OutputTail.MAX_CHARS).endsWith("yyyEND\n");
        assertThat(child.awaitExit()).isEqualTo(WorkerExit.STOPPED);
        assertThat(child.stdout()).noneMatch(line -> line.contains("OutOfMemoryError"));
    }

    // ---- helpers ----

    private static void awaitFileContaining(Path file, String text) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file) || !Files.readString(file).contains(text)) {
            assertThat(System.nanoTime()).as(file + " contains \"" + text + "\"").isLessThan(until);
            Thread.sleep(20);
        }
    }

    private ChildWorker launchWorker(List<String> jvmOptions, String drain) throws IOException {
        Path token = privateTokenFile(TOKEN);
        return launch(jvmOptions, List.of("--server", server.url(), "--token-file", token.toString(), "--gpus", "0",
                "--workdir", dir.resolve("work").toString(), "--drain", drain));
    }

    private Path privateTokenFile(String token) throws IOException {
        Path file = dir.resolve("token-" + System.nanoTime());
        Files.writeString(file, token + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private ChildWorker launch(List<String> jvmOptions, List<String> args) throws IOException {
        ChildWorker child = ChildWorker.launch(jvmOptions, args);
        started.add(child.process);
        return child;
    }
}
