package io.gaas.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;
import tools.jackson.databind.JsonNode;

/**
 * The reference worker against the real service, end to end: an admin creates a pool and a worker, a user
 * submits jobs with commands, the admin approves them, and the worker — running in this JVM,
 * starting real processes — claims, runs, heartbeats and reports them. A job that runs too long is
 * started with the first test and checked by the last, so its time limit (36 s, the smallest
 * there is) passes while the others run; a worker in a child JVM shows that SIGTERM drains.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=runneradmin", "gaas.admin.password=" + TestHttp.PASSWORD,
                // The shortest lease: heartbeats every 2 s, so a stop reaches the worker quickly.
                "gaas.worker.lease=PT6S" })
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerAgainstServiceIntegrationTests {

    /** 0.01 GPU-hour on one GPU: a time limit of 36 s. */
    static final String SMALLEST_GPU_HOURS = "0.01";

    /** The too-long job and the worker of its own pool, started once for the whole class. */
    static RunningWorker timeLimitWorker;
    static String timeLimitJob;
    static String timeLimitOwner;

    @LocalServerPort
    int port;

    @TempDir
    Path workdir;

    TestHttp http;
    String admin;
    String alice;
    String pool;
    RunningWorker worker;

    @BeforeEach
    void setUp() throws java.io.IOException {
        http = new TestHttp(port);
        admin = http.login("runneradmin");
        alice = http.registerAndLogin(TestHttp.uniqueName("alice"));
        pool = TestHttp.uniqueName("gpu").toLowerCase();
        Response poolCreated = http.post("/api/v1/admin/pools", admin, Map.of("name", pool, "gpus", 2, "weight", 1));
        assertThat(poolCreated.status()).as(poolCreated.body()).isEqualTo(201);
        Response created = http.post("/api/v1/admin/workers", admin,
                Map.of("name", TestHttp.uniqueName("node").toLowerCase(), "pool", pool, "gpus", 2));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        worker = new RunningWorker("http://localhost:" + port, created.text("token"), List.of("0", "1"), workdir,
                Duration.ofMinutes(1), System.getenv());
        if (timeLimitWorker == null) {
            startTooLongJob();
        }
    }

    @AfterEach
    void stopWorker() throws Exception {
        worker.close();
    }

    @AfterAll
    static void stopTimeLimitWorker() throws Exception {
        if (timeLimitWorker != null) {
            timeLimitWorker.close();
            timeLimitWorker = null;
        }
    }

    /** A command that would run for ten minutes, with the smallest time limit, on a worker of its own. */
    private void startTooLongJob() throws java.io.IOException {
        String timeLimitPool = newPool(1);
        String token = newWorker(timeLimitPool, 1);
        timeLimitOwner = alice;
        timeLimitJob = approvedJob(timeLimitPool, List.of("sleep", "600"), SMALLEST_GPU_HOURS);
        timeLimitWorker = new RunningWorker("http://localhost:" + port, token, List.of("0"),
                Files.createTempDirectory("time-limit"), Duration.ofMinutes(1), System.getenv());
    }

    private String newPool(int gpus) {
        String name = TestHttp.uniqueName("gpu").toLowerCase();
        Response created = http.post("/api/v1/admin/pools", admin, Map.of("name", name, "gpus", gpus, "weight", 1));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return name;
    }

    private String newWorker(String poolName, int gpus) {
        Response created = http.post("/api/v1/admin/workers", admin,
                Map.of("name", TestHttp.uniqueName("node").toLowerCase(), "pool", poolName, "gpus", gpus));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("token");
    }

    /**
     * The worker kills the job at its time limit and reports what the command returned: the service
     * settles that report like any other (FAILED, {@code endReason} {@code EXIT_CODE}, charged for
     * the whole limit), well before its own sweep would end the job as {@code TIME_LIMIT}.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void jobRunningPastItsTimeLimitIsKilledByTheWorkerAndEndsFailed() {
        Response job = await(timeLimitJob, timeLimitOwner, status -> status.equals("COMPLETED")
                || status.equals("FAILED"), timeLimitWorker);

        assertThat(job.text("status")).isEqualTo("FAILED");
        assertThat(job.json().get("timeLimitSeconds").asLong()).isEqualTo(36);
        JsonNode run = job.json().get("run");
        assertThat(run.get("endReason").asString()).isEqualTo("EXIT_CODE");
        assertThat(run.get("exitCode").asInt()).isEqualTo(128 + 15); // SIGTERM
        assertThat(job.decimal("usedHours")).isEqualByComparingTo(SMALLEST_GPU_HOURS);
        JsonNode last = job.json().get("history").get(job.json().get("history").size() - 1);
        assertThat(last.get("by").asString()).startsWith("worker:");
        long ranSeconds = Duration.between(Instant.parse(run.get("startedAt").asString()),
                Instant.parse(run.get("finishedAt").asString())).toSeconds();
        assertThat(ranSeconds).as("killed at the limit, not before").isGreaterThanOrEqualTo(36);
        assertThat(http.get("/api/v1/jobs/" + timeLimitJob + "/output", timeLimitOwner).body())
            .contains("[gaas-worker] the job was killed at its time limit");
    }

    /**
     * SIGTERM to a worker process holding a running job: it stops claiming, lets the job end on its own
     * within the drain, reports it, and exits 0.
     */
    @Test
    void sigtermToAWorkerProcessLetsItsRunningJobFinishReportsItAndExitsZero() throws Exception {
        String drainPool = newPool(1);
        Path tokenFile = workdir.resolve("child.token");
        Files.writeString(tokenFile, newWorker(drainPool, 1) + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        String id = approvedJob(drainPool,
                List.of("sh", "-c", "echo started; until [ -f release ]; do sleep 0.05; done; echo done"), "1");
        Path childWork = workdir.resolve("child-work");
        ChildWorker child = ChildWorker.launch(List.of(), List.of("--server", "http://localhost:" + port,
                "--token-file", tokenFile.toString(), "--gpus", "0", "--workdir", childWork.toString(),
                "--drain", "PT1M"));
        try {
            child.awaitStdout("job " + id + " claimed");
            awaitStatus(id, "PROCESSING");

            child.sigterm();
            child.awaitStdout("stopping: no more claims; 1 running job(s)");
            assertThat(http.get("/api/v1/jobs/" + id, alice).text("status")).isEqualTo("PROCESSING");
            Files.createFile(childWork.resolve(id).resolve("release"));

            assertThat(child.awaitExit()).isEqualTo(WorkerExit.STOPPED);
            Response job = http.get("/api/v1/jobs/" + id, alice);
            assertThat(job.text("status")).as("reported before the worker exited").isEqualTo("COMPLETED");
            assertThat(job.json().get("run").get("exitCode").asInt()).isZero();
            assertThat(output(id)).isEqualTo("started\ndone\n");
            assertThat(child.stdout()).anyMatch(line -> line.contains("gaas-worker stopped"));
            assertThat(child.stderr()).isEmpty();
        }
        finally {
            child.process.destroyForcibly();
        }
    }

    @Test
    void commandThatSucceedsEndsCompletedWithItsOutput() {
        String id = approvedJob(List.of("sh", "-c", "echo hi"));

        Response job = awaitFinal(id);

        assertThat(job.text("status")).isEqualTo("COMPLETED");
        assertThat(job.json().get("run").get("exitCode").asInt()).isZero();
        assertThat(job.json().get("run").get("endReason").asString()).isEqualTo("EXIT_CODE");
        Response output = http.get("/api/v1/jobs/" + id + "/output", alice);
        assertThat(output.status()).isEqualTo(200);
        assertThat(output.body()).isEqualTo("hi\n");
    }

    @Test
    void commandThatFailsEndsFailedWithItsExitCode() {
        String id = approvedJob(List.of("sh", "-c", "exit 3"));

        Response job = awaitFinal(id);

        assertThat(job.text("status")).isEqualTo("FAILED");
        assertThat(job.json().get("run").get("exitCode").asInt()).isEqualTo(3);
    }

    @Test
    void stoppedJobIsKilledAndEndsFailedAsStopped() {
        String id = approvedJob(List.of("sh", "-c", "echo started; exec sleep 600"));
        awaitStatus(id, "PROCESSING");

        Response stop = http.post("/api/v1/jobs/" + id + "/stop", alice, null);
        assertThat(stop.status()).as(stop.body()).isEqualTo(202);
        Response job = awaitFinal(id);

        assertThat(job.text("status")).isEqualTo("FAILED");
        assertThat(job.json().get("run").get("endReason").asString()).isEqualTo("STOPPED");
        assertThat(http.get("/api/v1/jobs/" + id + "/output", alice).body()).startsWith("started\n");
    }

    @Test
    void twoJobsRunSideBySideEachOnItsOwnGpu() {
        // Each job waits until both have started: they can only end if they ran at the same time.
        List<String> command = List.of("sh", "-c", "touch ../$GAAS_JOB_ID.up;"
                + " until [ $(ls ../*.up | wc -l) -ge 2 ]; do sleep 0.05; done; echo $CUDA_VISIBLE_DEVICES");
        String first = approvedJob(command);
        String second = approvedJob(command);

        assertThat(awaitFinal(first).text("status")).isEqualTo("COMPLETED");
        assertThat(awaitFinal(second).text("status")).isEqualTo("COMPLETED");

        assertThat(List.of(output(first), output(second))).containsExactlyInAnyOrder("0\n", "1\n");
    }

    private String output(String id) {
        return http.get("/api/v1/jobs/" + id + "/output", alice).body();
    }

    private String approvedJob(List<String> command) {
        return approvedJob(pool, command, "1");
    }

    private String approvedJob(String poolName, List<String> command, String gpuHours) {
        Response submitted = http.post("/api/v1/jobs", alice, Map.of("name", "e2e", "gpuHours",
                new java.math.BigDecimal(gpuHours), "pool", poolName, "command", command));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        String id = submitted.text("id");
        Response approved = http.patch("/api/v1/jobs/" + id + "/status", admin, Map.of("status", "APPROVED"));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        return id;
    }

    private Response awaitFinal(String id) {
        return await(id, status -> status.equals("COMPLETED") || status.equals("FAILED"));
    }

    private Response awaitStatus(String id, String wanted) {
        return await(id, wanted::equals);
    }

    private Response await(String id, java.util.function.Predicate<String> done) {
        return await(id, alice, done, worker);
    }

    private Response await(String id, String token, java.util.function.Predicate<String> done,
            RunningWorker runningIt) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Response job = http.get("/api/v1/jobs/" + id, token);
            if (done.test(job.text("status"))) {
                return job;
            }
            assertThat(System.nanoTime()).as("job " + id + " is now " + job.text("status") + "; worker log:\n"
                    + runningIt.log()).isLessThan(until);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
