package io.gaas.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;

/**
 * The reference worker against the real service, end to end: an admin creates a pool and a worker, a user
 * submits jobs with commands, the admin approves them, and the worker — running in this JVM,
 * starting real processes — claims, runs, heartbeats and reports them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=runneradmin", "gaas.admin.password=" + TestHttp.PASSWORD,
                // The shortest lease: heartbeats every 2 s, so a stop reaches the worker quickly.
                "gaas.worker.lease=PT6S" })
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerAgainstServiceIntegrationTests {

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
    void setUp() {
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
    }

    @AfterEach
    void stopWorker() throws Exception {
        worker.close();
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
        Response submitted = http.post("/api/v1/jobs", alice, Map.of("name", "e2e", "gpuHours", 1, "pool", pool,
                "command", command));
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
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Response job = http.get("/api/v1/jobs/" + id, alice);
            if (done.test(job.text("status"))) {
                return job;
            }
            assertThat(System.nanoTime()).as("job " + id + " is now " + job.text("status") + "; worker log:\n"
                    + worker.log()).isLessThan(until);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
