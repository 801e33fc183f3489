package io.gaas.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The worker in the test's JVM against a fake service, running real commands: what it reports, the
 * environment it gives jobs, how it ends them (stop, lease lost, time limit) and how it retries.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class WorkerProcessIntegrationTests {

    private static final String TOKEN = "gaasw_test-token-that-no-job-may-see";

    @TempDir
    Path workdir;

    private FakeWorkerServer server;
    private RunningWorker worker;

    @BeforeEach
    void startServer() throws Exception {
        server = new FakeWorkerServer(TOKEN, 1);
    }

    @AfterEach
    void stopAll() throws Exception {
        if (worker != null) {
            worker.close();
        }
        server.close();
    }

    @Test
    void commandThatPrintsThenReportsExitCodeZeroAndItsOutput() throws Exception {
        worker = RunningWorker.start(server, TOKEN, workdir, "0");
        var job = server.offer(List.of("sh", "-c", "echo hi"));

        JsonNode finish = job.awaitFinish();

        assertThat(finish.get("exitCode").asInt()).isZero();
        assertThat(finish.get("exitCode").isInt()).isTrue();
        assertThat(finish.get("output").stringValue()).isEqualTo("hi\n");
        assertThat(finish.get("runSeconds").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(Files.readString(workdir.resolve(job.id).resolve("output.log"))).isEqualTo("hi\n");
        assertThat(server.calls()).allSatisfy(call -> {
            assertThat(call.userAgent()).isEqualTo("gaas-worker/test");
            assertThat(call.authorization()).isEqualTo("Bearer " + TOKEN);
        });
    }

    @Test
    void failingCommandIsReportedWithItsExitCodeAndStandardError() throws Exception {
        worker = RunningWorker.start(server, TOKEN, workdir, "0");
        var job = server.offer(List.of("sh", "-c", "echo to-stderr >&2; exit 3"));

        JsonNode finish = job.awaitFinish();

        assertThat(finish.get("exitCode").asInt()).isEqualTo(3);
        assertThat(finish.get("output").stringValue()).isEqualTo("to-stderr\n");
    }

    @Test
    void commandThatCannotStartIsReportedWithNullExitCode() throws Exception {
        worker = RunningWorker.start(server, TOKEN, workdir, "0");
        var job = server.offer(List.of("/nonexistent/train.py", "--epochs", "3"));

        JsonNode finish = job.awaitFinish();

        assertThat(finish.get("exitCode").isNull()).isTrue();
        assertThat(finish.get("output").stringValue()).contains("could not start /nonexistent/train.py");
        // ...and the worker goes on serving jobs.
        assertThat(server.offer(List.of("true")).awaitFinish().get("exitCode").asInt()).isZero();
    }

    @Test
    void commandRunsWithoutShellInItsOwnDirectoryWithEmptyInput() throws Exception {
        worker = RunningWorker.start(server, TOKEN, workdir, "0");
        // With no shell, '$HOME;' and '*' reach the program as they are; cat sees the end of its input.
        var job = server.offer(List.of("sh", "-c", "pwd; printf '%s|' \"$1\" \"$2\"; cat", "sh", "$HOME;", "*"));

        JsonNode finish = job.awaitFinish();

        Path jobDir = workdir.resolve(job.id).toRealPath();
        assertThat(finish.get("output").stringValue()).isEqualTo(jobDir + "\n$HOME;|*|");
    }

    @Test
    void twoJobsSideBySideGetTheirOwnGpusAndNeverTheToken() throws Exception {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("GAAS_WORKER_TOKEN", TOKEN);
        environment.put("SOME_OTHER_NAME", TOKEN);
        worker = new RunningWorker(server, TOKEN, List.of("0", "1", "2", "3"), workdir, Duration.ofMinutes(5),
                environment);
        // Each job waits until both have started: they can only end if they ran at the same time.
        String script = "touch ../$GAAS_JOB_ID.up; until [ $(ls ../*.up | wc -l) -ge 2 ]; do sleep 0.05; done;"
                + " echo \"gpus=$CUDA_VISIBLE_DEVICES id=$GAAS_JOB_ID name=$GAAS_JOB_NAME"
                + " token=${GAAS_WORKER_TOKEN-unset} other=${SOME_OTHER_NAME-unset}\"";
        var first = server.offer("first", List.of("sh", "-c", script), 2, 30);
        var second = server.offer("second", List.of("sh", "-c", script), 2, 30);

        String firstOutput = first.awaitFinish().get("output").stringValue();
        String secondOutput = second.awaitFinish().get("output").stringValue();

        assertThat(firstOutput).isEqualTo("gpus=0,1 id=" + first.id + " name=first token=unset other=unset\n");
        assertThat(secondOutput).isEqualTo("gpus=2,3 id=" + second.id + " name=second token=unset other=unset\n");
        assertThat(server.calls("/claim")).extracting(call -> call.body().get("freeGpus").asInt())
                .startsWith(4, 2);
        try (Stream<Path> files = Files.walk(workdir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(TOKEN);
            }
        }
    }

    @Test
    void freedGpusAreClaimedAgainOnceTheJobHasEnded() throws Exception {
        worker = RunningWorker.start(server, TOKEN, workdir, "7");
        var first = server.offer(List.of("sh", "-c", "echo $CUDA_VISIBLE_DEVICES"));
        var second = server.offer(List.of("sh", "-c", "echo $CUDA_VISIBLE_DEVICES"));

        assertThat(first.awaitFinish().get("output").stringValue()).isEqualTo("7\n");
        assertThat(second.awaitFinish().get("output").stringValue()).isEqualTo("7\n");
    }

    @Test
    void stopAnsweredByHeartbeatKillsTheWholeProcessTreeAndReportsIt() throws Exception {
        worker = RunningWorker.start(server, TOKEN, workdir, "0");
        var job = server.offer(List.of("sh", "-c",
                "sleep 600 & echo $! > a.pid; sleep 600 & echo $! > b.pid; echo started; wait"));
        Path dir = workdir.resolve(job.id);
        List<ProcessHandle> sleeps = List.of(awaitPid(dir.resolve("a.pid")), awaitPid(dir.resolve("b.pid")));
        assertThat(sleeps).allMatch(ProcessHandle::isAlive);

        job.stop = true;
        JsonNode finish = job.awaitFinish();

        assertThat(finish.get("exitCode").asInt()).isEqualTo(128 + 15);
        assertThat(finish.get("output").stringValue()).startsWith("started\n")
                .contains("[gaas-worker] the job was stopped at the service's request");
        for (ProcessHandle sleep : sleeps) {
            assertDead(sleep);
        }
    }

    @Test
    void processThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        worker = RunningWorker.start(server, TOKEN, workdir, "0");
        var job = server.offer(List.of("sh", "-c", "trap '' TERM; echo started; sleep 600"));
        awaitOutput(workdir.resolve(job.id), "started");

        job.stop = true;
        JsonNode finish = job.awaitFinish();

        assertThat(finish.get("exitCode").asInt()).isEqualTo(128 + 9);
    }

    @Test
    void jobOverItsTimeLimitIsKilledAndReported() throws Exception {
        worker = RunningWorker.start(server, TOKEN, workdir, "0");
        var job = server.offer("slow", List.of("sh", "-c", "echo $$ > sh.pid; exec sleep 600"), 1, 1);

        JsonNode finish = job.awaitFinish();

        assertThat(finish.get("exitCode").asInt()).isEqualTo(128 + 15);
        assertThat(finish.get("runSeconds").asDouble()).isGreaterThanOrEqualTo(1.0).isLessThan(600);
        assertThat(finish.get("output").stringValue()).contains("killed at its time limit");
        long pid = Long.parseLong(Files.readString(workdir.resolve(job.id).resolve("sh.pid")).strip());
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void leaseLostKillsTheJobAndDoesNotReportIt() throws Exception {
        worker = RunningWorker.start(server, TOKEN, workdir, "0");
        var job = server.offer(List.of("sh", "-c", "echo $$ > sh.pid; exec sleep 600"));
        ProcessHandle process = awaitPid(workdir.resolve(job.id).resolve("sh.pid"));

        job.leaseLost = true;
        worker.awaitLog("job " + job.id + ": killed because the service no longer holds it for this worker;"
                + " not reported");

        assertDead(process);
        // The GPU is free again: the next job runs and is reported, and the lost one never was.
        assertThat(server.offer(List.of("true")).awaitFinish().get("exitCode").asInt()).isZero();
        worker.stop();
        assertThat(server.calls("/jobs/" + job.id + "/finish")).isEmpty();
        assertThat(job.finish).isNotDone();
    }

    @Test
    void finishThatFailsIsRetriedUntilAnsweredAndThenNeverSentAgain() throws Exception {
        server.failNextFinishes(FakeWorkerServer.FinishFailure.SERVICE_UNAVAILABLE,
                FakeWorkerServer.FinishFailure.DROP_CONNECTION, FakeWorkerServer.FinishFailure.SERVICE_UNAVAILABLE);
        worker = RunningWorker.start(server, TOKEN, workdir, "0");
        var job = server.offer(List.of("sh", "-c", "echo once"));

        JsonNode finish = job.awaitFinish();
        worker.stop();

        assertThat(finish.get("output").stringValue()).isEqualTo("once\n");
        List<FakeWorkerServer.Call> finishes = server.calls("/jobs/" + job.id + "/finish");
        assertThat(finishes).extracting(FakeWorkerServer.Call::status).containsExactly(503, -1, 503, 200);
        assertThat(finishes).extracting(FakeWorkerServer.Call::body).containsOnly(finish);
    }

    @Test
    void hugeOutputIsReportedAsItsLastCharacters() throws Exception {
        worker = RunningWorker.start(server, TOKEN, workdir, "0");
        // 50 MB of output, invalid UTF-8 and NUL near its end.
        var job = server.offer(List.of("sh", "-c",
                "head -c 50000000 /dev/zero | tr '\\0' x; printf '\\n\\377\\000caf\\303\\251 END\\n'"));

        String output = job.awaitFinish().get("output").stringValue();

        assertThat(output).hasSize(OutputTail.MAX_CHARS).endsWith("x\n\uFFFDcafé END\n").doesNotContain("\0");
        assertThat(Files.size(workdir.resolve(job.id).resolve("output.log"))).isGreaterThan(50_000_000L);
    }

    @Test
    void jobsHeldFromBeforeARestartAreKilledAndReportedAsFailed() throws Exception {
        var held = server.hold(List.of("sleep", "600"));
        // What an earlier worker left: the job's directory, its output and the record of its process.
        Path dir = Files.createDirectories(workdir.resolve(held.id));
        Files.writeString(dir.resolve("output.log"), "epoch 1\n");
        Process orphan = new ProcessBuilder("sleep", "600").start();
        Files.createDirectories(workdir.resolve(".state"));
        Files.writeString(workdir.resolve(".state").resolve(held.id + ".pid"),
                orphan.pid() + " " + orphan.toHandle().info().startInstant().orElseThrow() + "\n");

        worker = RunningWorker.start(server, TOKEN, workdir, "0");
        JsonNode finish = held.awaitFinish();

        assertThat(finish.get("exitCode").isNull()).isTrue();
        assertThat(finish.get("runSeconds").asDouble()).isGreaterThanOrEqualTo(5);
        assertThat(finish.get("output").stringValue()).startsWith("epoch 1\n")
                .contains("the worker restarted while this job ran; its processes were still running and were killed");
        assertThat(orphan.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.exists(workdir.resolve(".state").resolve(held.id + ".pid"))).isFalse();
    }

    @Test
    void processesOfJobsTheServiceNoLongerHoldsAreKilledAndNotReported() throws Exception {
        String endedByTheService = java.util.UUID.randomUUID().toString();
        Process orphan = new ProcessBuilder("sleep", "600").start();
        Files.createDirectories(workdir.resolve(".state"));
        Files.writeString(workdir.resolve(".state").resolve(endedByTheService + ".pid"),
                orphan.pid() + " " + orphan.toHandle().info().startInstant().orElseThrow() + "\n");

        worker = RunningWorker.start(server, TOKEN, workdir, "0");

        assertThat(orphan.waitFor(30, TimeUnit.SECONDS)).isTrue();
        worker.awaitLog("job " + endedByTheService + ": its command still ran from before the worker restarted");
        assertThat(server.calls("/finish")).isEmpty();
    }

    @Test
    void heldJobWhoseProcessIdWasReusedDoesNotKillTheStranger() throws Exception {
        var held = server.hold(List.of("sleep", "600"));
        Process stranger = new ProcessBuilder("sleep", "600").start();
        try {
            Files.createDirectories(workdir.resolve(".state"));
            Files.writeString(workdir.resolve(".state").resolve(held.id + ".pid"),
                    stranger.pid() + " " + Instant.parse("2020-01-01T00:00:00Z") + "\n");

            worker = RunningWorker.start(server, TOKEN, workdir, "0");
            JsonNode finish = held.awaitFinish();

            assertThat(finish.get("output").stringValue()).contains("its processes no longer ran");
            assertThat(stranger.isAlive()).isTrue();
        } finally {
            stranger.destroyForcibly();
        }
    }

    @Test
    void refusedTokenEndsTheWorkerWithItsExitCode() throws Exception {
        worker = RunningWorker.start(server, "gaasw_wrong", workdir, "0");

        assertThatThrownBy(() -> worker.ended().get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WorkerStartException.class)
                .hasMessageContaining("refused the worker token")
                .satisfies(e -> assertThat(((WorkerStartException) e).exitCode()).isEqualTo(WorkerExit.TOKEN_REFUSED));
        assertThat(server.calls("/claim")).isEmpty();
    }

    @Test
    void jobHandedOutByAClaimInFlightWhenTheStopCameIsRunNotAbandoned() throws Exception {
        var arrived = server.holdNextClaim();
        worker = RunningWorker.start(server, TOKEN, workdir, "0");
        assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();

        worker.worker().requestStop();
        var job = server.offer(List.of("sh", "-c", "echo late"));
        server.releaseClaim();
        worker.ended().get(1, TimeUnit.MINUTES);

        assertThat(job.awaitFinish().get("output").stringValue()).isEqualTo("late\n");
        assertThat(server.calls("/claim")).hasSize(1);
    }

    @Test
    void drainLetsARunningJobEndByItselfAndReportsIt() throws Exception {
        worker = RunningWorker.start(server, TOKEN, workdir, "0");
        var job = server.offer(List.of("sh", "-c", "echo started; until [ -f release ]; do sleep 0.05; done; echo done"));
        Path dir = workdir.resolve(job.id);
        awaitOutput(dir, "started");

        worker.worker().requestStop();
        worker.awaitLog("stopping: no more claims; 1 running job(s)");
        Files.createFile(dir.resolve("release"));
        worker.ended().get(1, TimeUnit.MINUTES);

        JsonNode finish = job.awaitFinish();
        assertThat(finish.get("exitCode").asInt()).isZero();
        assertThat(finish.get("output").stringValue()).isEqualTo("started\ndone\n");
        assertThat(server.calls("/claim")).hasSize(1);
    }

    @Test
    void drainKillsWhatIsStillRunningWhenTheDrainIsOverAndReportsIt() throws Exception {
        worker = new RunningWorker(server, TOKEN, List.of("0"), workdir, Duration.ZERO, System.getenv());
        var job = server.offer(List.of("sh", "-c", "echo started; exec sleep 600"));
        awaitOutput(workdir.resolve(job.id), "started");

        worker.stop();

        JsonNode finish = job.awaitFinish();
        assertThat(finish.get("exitCode").asInt()).isEqualTo(128 + 15);
        assertThat(finish.get("output").stringValue()).contains("the worker is shutting down");
    }

    // ---- helpers ----

    private void awaitCall(String pathPart) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.calls(pathPart).isEmpty()) {
            assertThat(System.nanoTime()).as("a call to " + pathPart).isLessThan(until);
            Thread.sleep(20);
        }
    }

    /** Waits for a file in which a job wrote a process id, and returns that process. */
    private static ProcessHandle awaitPid(Path file) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String text = Files.exists(file) ? Files.readString(file).strip() : "";
            if (!text.isEmpty()) {
                return ProcessHandle.of(Long.parseLong(text)).orElseThrow();
            }
            assertThat(System.nanoTime()).as("the job writing " + file).isLessThan(until);
            Thread.sleep(20);
        }
    }

    private static void awaitOutput(Path jobDir, String text) throws Exception {
        Path log = jobDir.resolve("output.log");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(log) || !Files.readString(log).contains(text)) {
            assertThat(System.nanoTime()).as("output \"" + text + "\"").isLessThan(until);
            Thread.sleep(20);
        }
    }

    private static void assertDead(ProcessHandle process) throws Exception {
        process.onExit().get(30, TimeUnit.SECONDS);
        assertThat(process.isAlive()).isFalse();
    }
}
