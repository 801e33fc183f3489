package io.gaas.worker;

import static io.gaas.support.Problems.assertProblem;
import static io.gaas.support.Problems.errorFields;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gaas.support.Accounts;
import io.gaas.support.MutableClock;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;
import io.gaas.worker.WorkerScenario.CreatedWorker;
import tools.jackson.databind.JsonNode;

/**
 * Workers over real HTTP: their admin API and tokens, and the protocol from claim to finish, with
 * a clock the tests move by hand.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=workeradmin", "gaas.admin.password=" + TestHttp.PASSWORD,
                // Longer than any step these tests take, so no sweep ends a job behind their back.
                "gaas.worker.lease=PT1H" })
@Import(WorkerFlowIntegrationTests.Clocks.class)
class WorkerFlowIntegrationTests {

    static final Instant START = Instant.parse("2026-12-01T08:00:00Z");

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(START);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;
    String admin;
    String alice;
    String aliceName;
    WorkerScenario scenario;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        admin = http.login("workeradmin");
        aliceName = TestHttp.uniqueName("alice");
        alice = http.registerAndLogin(aliceName);
        scenario = new WorkerScenario(http, admin);
    }

    // --- Workers and tokens -------------------------------------------------------------------------

    @Test
    void createWorkerWhenValidThen201WithTokenShownOnceAndViewWithoutIt() {
        String pool = WorkerScenario.pool(jdbc, 8, "2");

        Response created = http.post("/api/v1/admin/workers", admin, Map.of("name", "Node-A1", "pool", pool.toUpperCase(),
                "gpus", 4));

        assertThat(created.status()).isEqualTo(201);
        String id = created.text("id");
        assertThat(created.header("Location")).isEqualTo("/api/v1/admin/workers/" + id);
        assertThat(created.text("name")).isEqualTo("node-a1");
        assertThat(created.text("pool")).isEqualTo(pool);
        assertThat(created.json().get("gpus").asInt()).isEqualTo(4);
        assertThat(created.json().get("enabled").asBoolean()).isTrue();
        assertThat(created.json().get("lastSeenAt").isNull()).isTrue();
        assertThat(created.json().get("runningJobs").asLong()).isZero();
        assertThat(created.text("token")).startsWith("gaasw_").hasSize(49);
        String stored = jdbc.sql("SELECT token_hash FROM workers WHERE id = :id").param("id", java.util.UUID.fromString(id))
            .query(String.class).single();
        assertThat(stored).isEqualTo(WorkerTokens.hash(created.text("token"))).doesNotContain(created.text("token"));

        Response read = http.get("/api/v1/admin/workers/" + id, admin);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().has("token")).isFalse();
        assertThat(read.text("name")).isEqualTo("node-a1");
        Response list = http.get("/api/v1/admin/workers?size=100", admin);
        assertThat(list.json().get("content").valueStream().map(w -> w.get("id").asString())).contains(id);
    }

    @Test
    void createWorkerWhenNameTakenInAnyCaseThen409AndNoSecondWorker() {
        scenario.worker("default", 1);
        String name = TestHttp.uniqueName("dup").toLowerCase();
        assertThat(http.post("/api/v1/admin/workers", admin, Map.of("name", name, "pool", "default", "gpus", 1)).status())
            .isEqualTo(201);

        Response again = http.post("/api/v1/admin/workers", admin, Map.of("name", name.toUpperCase(), "pool", "default",
                "gpus", 2));

        assertProblem(again, 409, "WORKER_NAME_TAKEN");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM workers WHERE name = :n").param("n", name).query(Long.class).single())
            .isEqualTo(1);
    }

    @Test
    void createWorkerWhenFieldsBreakTheirRulesThen400NamingThem() {
        assertThat(errorFields(badCreate(Map.of("name", "a", "pool", "default", "gpus", 1)))).containsExactly("name");
        assertThat(errorFields(badCreate(Map.of("name", "has space", "pool", "default", "gpus", 1))))
            .containsExactly("name");
        assertThat(errorFields(badCreate(Map.of("name", "-dash", "pool", "default", "gpus", 1)))).containsExactly("name");
        assertThat(errorFields(badCreate(Map.of("name", "okname", "pool", "nosuchpool", "gpus", 1))))
            .containsExactly("pool");
        assertThat(errorFields(badCreate(Map.of("name", "okname", "pool", "default", "gpus", 0)))).containsExactly("gpus");
        assertThat(errorFields(badCreate(Map.of("name", "okname", "pool", "default", "gpus", 65)))).containsExactly("gpus");
        assertThat(errorFields(badCreate(Map.of("name", "okname", "pool", "default")))).containsExactly("gpus");
    }

    private Response badCreate(Map<String, Object> body) {
        Response response = http.post("/api/v1/admin/workers", admin, body);
        assertProblem(response, 400, "VALIDATION_FAILED");
        return response;
    }

    @Test
    void workerAdminWhenCalledByUserThen403() {
        assertProblem(http.post("/api/v1/admin/workers", alice, Map.of("name", "mine", "pool", "default", "gpus", 1)),
                403, "FORBIDDEN");
        assertProblem(http.get("/api/v1/admin/workers", alice), 403, "FORBIDDEN");
    }

    @Test
    void workerTokenWhenUsedOutsideWorkerPathsThen403TokenNotAllowed() {
        CreatedWorker worker = scenario.worker("default", 1);

        assertProblem(http.get("/api/v1/users/me", worker.token()), 403, "TOKEN_NOT_ALLOWED");
        assertProblem(http.get("/api/v1/jobs", worker.token()), 403, "TOKEN_NOT_ALLOWED");
        assertProblem(http.get("/api/v1/admin/workers", worker.token()), 403, "TOKEN_NOT_ALLOWED");
        assertProblem(http.post("/api/v1/jobs", worker.token(), Map.of("name", "x", "gpuHours", 1)), 403,
                "TOKEN_NOT_ALLOWED");
    }

    @Test
    void userTokenWhenUsedOnWorkerPathsThen403TokenNotAllowed() {
        assertProblem(http.post("/api/v1/worker/claim", alice, Map.of("freeGpus", 1)), 403, "TOKEN_NOT_ALLOWED");
        assertProblem(http.get("/api/v1/worker/jobs", admin), 403, "TOKEN_NOT_ALLOWED");
    }

    @Test
    void workerPathWhenTokenUnknownOrMissingThen401() {
        assertProblem(http.post("/api/v1/worker/claim", WorkerTokens.generate(), Map.of("freeGpus", 1)), 401,
                "UNAUTHENTICATED");
        assertProblem(http.post("/api/v1/worker/claim", "gaasw_short", Map.of("freeGpus", 1)), 401, "UNAUTHENTICATED");
        assertProblem(http.post("/api/v1/worker/claim", null, Map.of("freeGpus", 1)), 401, "UNAUTHENTICATED");
    }

    @Test
    void rotateTokenWhenDoneThenOldTokenIs401AndNewOneWorks() {
        CreatedWorker worker = scenario.worker("default", 1);
        assertThat(http.get("/api/v1/worker/jobs", worker.token()).status()).isEqualTo(200);

        Response rotated = http.post("/api/v1/admin/workers/" + worker.id() + "/token", admin, null);

        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.text("token")).startsWith("gaasw_").isNotEqualTo(worker.token());
        assertProblem(http.get("/api/v1/worker/jobs", worker.token()), 401, "UNAUTHENTICATED");
        assertThat(http.get("/api/v1/worker/jobs", rotated.text("token")).status()).isEqualTo(200);
    }

    @Test
    void patchWorkerWhenGpusAndEnabledGivenThenChangedAndAbsentFieldsKept() {
        CreatedWorker worker = scenario.worker("default", 2);

        Response patched = http.patch("/api/v1/admin/workers/" + worker.id(), admin, Map.of("gpus", 8));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("gpus").asInt()).isEqualTo(8);
        assertThat(patched.json().get("enabled").asBoolean()).isTrue();

        Response disabled = http.patch("/api/v1/admin/workers/" + worker.id(), admin, Map.of("enabled", false));
        assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
        assertThat(disabled.json().get("gpus").asInt()).isEqualTo(8);
        assertProblem(http.patch("/api/v1/admin/workers/" + worker.id(), admin, Map.of("gpus", 0)), 400,
                "VALIDATION_FAILED");
        assertProblem(http.get("/api/v1/admin/workers/" + java.util.UUID.randomUUID(), admin), 404, "NOT_FOUND");
    }

    // --- The protocol -------------------------------------------------------------------------------

    @Test
    void claimWhenAJobWaitsThenItRunsOnTheWorkerAndFinishSettlesIt() {
        String pool = WorkerScenario.pool(jdbc, null, "2");
        CreatedWorker worker = scenario.worker(pool, 4);
        String jobId = scenario.approvedJob(alice, pool, "2", 2);
        assertThat(Accounts.balance(http, alice)).isEqualByComparingTo("6");

        Response claim = scenario.claim(worker, 4);

        assertThat(claim.status()).as(claim.body()).isEqualTo(200);
        JsonNode job = claim.json().get("job");
        assertThat(job.get("id").asString()).isEqualTo(jobId);
        assertThat(job.get("status").asString()).isEqualTo("PROCESSING");
        assertThat(job.get("command").get(0).asString()).isEqualTo("python");
        assertThat(job.get("run").get("worker").get("name").asString()).isEqualTo(worker.name());
        assertThat(job.get("run").get("endReason").isNull()).isTrue();
        assertThat(claim.json().get("heartbeatSeconds").asLong()).isEqualTo(1200);
        Instant claimedAt = clock.instant();
        assertThat(Instant.parse(claim.text("leaseExpiresAt"))).isEqualTo(claimedAt.plusSeconds(3600));
        assertThat(scenario.claim(worker, 4).status()).isEqualTo(204);
        JsonNode history = scenario.job(jobId).json().get("history");
        assertThat(history.get(history.size() - 1).get("by").asString()).isEqualTo("worker:" + worker.name());

        clock.advance(Duration.ofSeconds(30));
        Response beat = scenario.heartbeat(worker, jobId);
        assertThat(beat.status()).isEqualTo(200);
        assertThat(beat.json().get("stop").asBoolean()).isFalse();
        assertThat(Instant.parse(beat.text("leaseExpiresAt"))).isEqualTo(claimedAt.plusSeconds(3630));

        clock.advance(Duration.ofSeconds(1770)); // half an hour after the claim
        Response finished = scenario.finish(worker, jobId, 0, "1800", "all done\n");

        assertThat(finished.status()).as(finished.body()).isEqualTo(200);
        assertThat(finished.text("status")).isEqualTo("COMPLETED");
        assertThat(finished.decimal("usedHours")).isEqualByComparingTo("1"); // 0.5 h x 2 GPUs
        assertThat(finished.decimal("chargedHours")).isEqualByComparingTo("2"); // x weight 2
        assertThat(finished.json().get("run").get("exitCode").asInt()).isZero();
        assertThat(finished.json().get("run").get("endReason").asString()).isEqualTo("EXIT_CODE");
        assertThat(Instant.parse(finished.json().get("run").get("finishedAt").asString()))
            .isEqualTo(claimedAt.plusSeconds(1800));
        assertThat(Accounts.balance(http, alice)).isEqualByComparingTo("8");
        Response output = http.get("/api/v1/jobs/" + jobId + "/output", alice);
        assertThat(output.status()).isEqualTo(200);
        assertThat(output.header("Content-Type")).startsWith("text/plain").contains("UTF-8");
        assertThat(output.body()).isEqualTo("all done\n");
    }

    @Test
    void finishWhenSentAgainBySameWorkerThenSameViewAndNothingMoreRefunded() {
        String pool = WorkerScenario.pool(jdbc, null, "1");
        CreatedWorker worker = scenario.worker(pool, 1);
        String jobId = scenario.approvedJob(alice, pool, "1", 1);
        scenario.claim(worker, 1);
        Response first = scenario.finish(worker, jobId, 3, "60", "boom");
        java.math.BigDecimal balance = Accounts.balance(http, alice);

        Response again = scenario.finish(worker, jobId, 3, "60", "boom");

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("status")).isEqualTo(first.json().get("status"));
        assertThat(again.json().get("usedHours")).isEqualTo(first.json().get("usedHours"));
        assertThat(again.json().get("run")).isEqualTo(first.json().get("run"));
        assertThat(again.text("status")).isEqualTo("FAILED");
        assertThat(Accounts.balance(http, alice)).isEqualByComparingTo(balance);
        assertProblem(scenario.finish(worker, jobId, 0, "60", null), 409, "LEASE_LOST");
        assertProblem(scenario.heartbeat(worker, jobId), 409, "LEASE_LOST");
    }

    @Test
    void finishWhenAnotherWorkersJobThen409AndJobUnchanged() {
        String pool = WorkerScenario.pool(jdbc, null, "1");
        CreatedWorker runner = scenario.worker(pool, 1);
        CreatedWorker other = scenario.worker(pool, 1);
        String jobId = scenario.approvedJob(alice, pool, "1", 1);
        assertThat(scenario.claim(runner, 1).status()).isEqualTo(200);

        assertProblem(scenario.finish(other, jobId, 0, "1", null), 409, "LEASE_LOST");
        assertProblem(scenario.heartbeat(other, jobId), 409, "LEASE_LOST");
        assertProblem(scenario.heartbeat(other, java.util.UUID.randomUUID().toString()), 404, "NOT_FOUND");

        assertThat(scenario.job(jobId).text("status")).isEqualTo("PROCESSING");
    }

    @Test
    void finishWhenExitCodeNullThenFailedStartFailed() {
        String pool = WorkerScenario.pool(jdbc, null, "1");
        CreatedWorker worker = scenario.worker(pool, 1);
        String jobId = scenario.approvedJob(alice, pool, "1", 1);
        scenario.claim(worker, 1);

        Response finished = scenario.finish(worker, jobId, null, "0", null);

        assertThat(finished.text("status")).isEqualTo("FAILED");
        assertThat(finished.json().get("run").get("endReason").asString()).isEqualTo("START_FAILED");
        assertThat(finished.decimal("usedHours")).isEqualByComparingTo("0");
        assertThat(Accounts.balance(http, alice)).isEqualByComparingTo("10");
        assertProblem(http.get("/api/v1/jobs/" + jobId + "/output", alice), 404, "NOT_FOUND");
    }

    @Test
    void finishWhenRunSecondsExceedTheTimeSinceClaimThenChargedForTheTimeSinceClaim() {
        String pool = WorkerScenario.pool(jdbc, null, "1");
        CreatedWorker worker = scenario.worker(pool, 1);
        String jobId = scenario.approvedJob(alice, pool, "5", 1);
        scenario.claim(worker, 1);
        clock.advance(Duration.ofSeconds(37));

        Response finished = scenario.finish(worker, jobId, 0, "100000", null);

        // 37 s is 0.01027 h, rounded up to 0.02
        assertThat(finished.decimal("usedHours")).isEqualByComparingTo("0.02");
        assertThat(Accounts.balance(http, alice)).isEqualByComparingTo("9.98");
    }

    @Test
    void claimWhenJobsApprovedOutOfOrderThenFirstApprovedComesFirstAndOnlyFittingOnes() {
        String pool = WorkerScenario.pool(jdbc, null, "1");
        CreatedWorker worker = scenario.worker(pool, 4);
        String older = scenario.submit(alice, pool, "1", 1);
        String big = scenario.submit(alice, pool, "1", 2);
        String newer = scenario.submit(alice, pool, "1", 1);
        scenario.approve(big);
        clock.advance(Duration.ofMillis(5));
        scenario.approve(newer);
        clock.advance(Duration.ofMillis(5));
        scenario.approve(older);

        assertThat(scenario.claim(worker, 1).json().get("job").get("id").asString()).isEqualTo(newer);
        assertThat(scenario.claim(worker, 1).json().get("job").get("id").asString()).isEqualTo(older);
        assertThat(scenario.claim(worker, 1).status()).isEqualTo(204);
        assertThat(scenario.claim(worker, 2).json().get("job").get("id").asString()).isEqualTo(big);
    }

    @Test
    void claimWhenWorkerAlreadyRunsItsGpusThenNothingMoreEvenIfFreeGpusSaysSo() {
        String pool = WorkerScenario.pool(jdbc, null, "1");
        CreatedWorker worker = scenario.worker(pool, 2);
        scenario.approvedJob(alice, pool, "2", 2);
        clock.advance(Duration.ofMillis(1));
        String second = scenario.approvedJob(alice, pool, "1", 1);
        assertThat(scenario.claim(worker, 2).status()).isEqualTo(200);

        assertThat(scenario.claim(worker, 2).status()).isEqualTo(204);

        assertThat(scenario.job(second).text("status")).isEqualTo("APPROVED");
        assertThat(http.get("/api/v1/admin/workers/" + worker.id(), admin).json().get("runningJobs").asLong())
            .isEqualTo(1);
    }

    @Test
    void claimWhenPoolCapacityIsTakenThenNothingAndWaitReasonSaysCapacity() {
        String pool = WorkerScenario.pool(jdbc, 2, "1");
        CreatedWorker first = scenario.worker(pool, 2);
        CreatedWorker second = scenario.worker(pool, 2);
        scenario.approvedJob(alice, pool, "2", 2);
        clock.advance(Duration.ofMillis(1));
        String waiting = scenario.approvedJob(alice, pool, "1", 1);
        assertThat(scenario.job(waiting).json().get("waitReason").isNull()).isTrue();
        assertThat(scenario.claim(first, 2).status()).isEqualTo(200);

        assertThat(scenario.claim(second, 2).status()).isEqualTo(204);

        assertThat(scenario.job(waiting).text("waitReason")).isEqualTo("CAPACITY");
        assertThat(http.get("/api/v1/jobs/" + waiting, alice).text("waitReason")).isEqualTo("CAPACITY");
    }

    @Test
    void waitReasonWhenNoWorkerFitsOrPoolDisabledThenSaysSo() {
        String pool = WorkerScenario.pool(jdbc, null, "1");
        String jobId = scenario.approvedJob(alice, pool, "2", 2);
        assertThat(scenario.job(jobId).text("waitReason")).isEqualTo("NO_WORKER_FITS");
        scenario.worker(pool, 1);
        assertThat(scenario.job(jobId).text("waitReason")).isEqualTo("NO_WORKER_FITS");
        scenario.worker(pool, 2);
        assertThat(scenario.job(jobId).json().get("waitReason").isNull()).isTrue();

        jdbc.sql("UPDATE pools SET enabled = FALSE WHERE name = :n").param("n", pool).update();

        assertThat(scenario.job(jobId).text("waitReason")).isEqualTo("POOL_DISABLED");
        Response listed = http.get("/api/v1/jobs?status=APPROVED&size=100", alice);
        assertThat(listed.json().get("content").get(0).get("waitReason").asString()).isEqualTo("POOL_DISABLED");
    }

    @Test
    void claimWhenPoolDisabledThenNothing() {
        String pool = WorkerScenario.pool(jdbc, null, "1");
        CreatedWorker worker = scenario.worker(pool, 1);
        scenario.approvedJob(alice, pool, "1", 1);
        jdbc.sql("UPDATE pools SET enabled = FALSE WHERE name = :n").param("n", pool).update();

        assertThat(scenario.claim(worker, 1).status()).isEqualTo(204);

        jdbc.sql("UPDATE pools SET enabled = TRUE WHERE name = :n").param("n", pool).update();
        assertThat(scenario.claim(worker, 1).status()).isEqualTo(200);
    }

    @Test
    void claimWhenJobHasNoCommandThenItIsLeftToAdmins() {
        String pool = WorkerScenario.pool(jdbc, null, "1");
        CreatedWorker worker = scenario.worker(WorkerScenario.pool(jdbc, null, "1"), 1);
        String byHand = http.post("/api/v1/jobs", alice, Map.of("name", "manual", "gpuHours", 1)).text("id");
        scenario.approve(byHand);

        assertThat(scenario.claim(worker, 1).status()).isEqualTo(204);
        assertThat(scenario.job(byHand).json().get("waitReason").isNull()).isTrue();
        assertThat(scenario.job(byHand).json().get("run").isNull()).isTrue();
    }

    @Test
    void drainWhenWorkerDisabledThenClaims204ButHeartbeatAndFinishWork() {
        String pool = WorkerScenario.pool(jdbc, null, "1");
        CreatedWorker worker = scenario.worker(pool, 2);
        String running = scenario.approvedJob(alice, pool, "1", 1);
        assertThat(scenario.claim(worker, 2).status()).isEqualTo(200);
        String waiting = scenario.approvedJob(alice, pool, "1", 1);
        http.patch("/api/v1/admin/workers/" + worker.id(), admin, Map.of("enabled", false));

        Response claim = http.post("/api/v1/worker/claim", worker.token(), Map.of("freeGpus", 1, "waitSeconds", 30));

        assertThat(claim.status()).isEqualTo(204);
        assertThat(scenario.heartbeat(worker, running).status()).isEqualTo(200);
        Response jobs = http.get("/api/v1/worker/jobs", worker.token());
        assertThat(jobs.json().size()).isEqualTo(1);
        assertThat(jobs.json().get(0).get("id").asString()).isEqualTo(running);
        assertThat(scenario.finish(worker, running, 0, "5", null).status()).isEqualTo(200);
        assertThat(scenario.job(waiting).text("status")).isEqualTo("APPROVED");

        http.patch("/api/v1/admin/workers/" + worker.id(), admin, Map.of("enabled", true));
        assertThat(scenario.claim(worker, 1).json().get("job").get("id").asString()).isEqualTo(waiting);
    }

    @Test
    void stopWhenRequestedThenHeartbeatSaysStopAndFinishEndsItStopped() {
        String pool = WorkerScenario.pool(jdbc, null, "1");
        CreatedWorker worker = scenario.worker(pool, 1);
        String jobId = scenario.approvedJob(alice, pool, "2", 1);
        scenario.claim(worker, 1);
        assertThat(scenario.heartbeat(worker, jobId).json().get("stop").asBoolean()).isFalse();

        Response stop = http.post("/api/v1/jobs/" + jobId + "/stop", alice, null);

        assertThat(stop.status()).isEqualTo(202);
        assertThat(stop.json().get("stopRequested").asBoolean()).isTrue();
        assertThat(http.post("/api/v1/jobs/" + jobId + "/stop", admin, null).status()).isEqualTo(202);
        clock.advance(Duration.ofSeconds(360));
        assertThat(scenario.heartbeat(worker, jobId).json().get("stop").asBoolean()).isTrue();
        Response finished = scenario.finish(worker, jobId, 0, "360", "terminated");
        assertThat(finished.text("status")).isEqualTo("FAILED");
        assertThat(finished.json().get("run").get("endReason").asString()).isEqualTo("STOPPED");
        assertThat(finished.decimal("usedHours")).isEqualByComparingTo("0.1");
        JsonNode history = finished.json().get("history");
        JsonNode last = history.get(history.size() - 1);
        assertThat(last.get("by").asString()).isEqualTo("worker:" + worker.name());
        assertThat(last.get("reason").asString()).isEqualTo("stopped by " + aliceName);
        assertProblem(http.post("/api/v1/jobs/" + jobId + "/stop", alice, null), 409, "INVALID_TRANSITION");
    }

    @Test
    void stopWhenFinishArrivesBeforeTheHeartbeatThenTheJobsOwnEndCounts() {
        String pool = WorkerScenario.pool(jdbc, null, "1");
        CreatedWorker worker = scenario.worker(pool, 1);
        String jobId = scenario.approvedJob(alice, pool, "2", 1);
        scenario.claim(worker, 1);
        http.post("/api/v1/jobs/" + jobId + "/stop", alice, null);

        Response finished = scenario.finish(worker, jobId, 0, "10", null);

        assertThat(finished.text("status")).isEqualTo("COMPLETED");
        assertThat(finished.json().get("run").get("endReason").asString()).isEqualTo("EXIT_CODE");
    }

    @Test
    void stopWhenJobIsNotRunningOnAWorkerOrNotTheCallersThenRefused() {
        String pool = WorkerScenario.pool(jdbc, null, "1");
        String approved = scenario.approvedJob(alice, pool, "1", 1);
        assertProblem(http.post("/api/v1/jobs/" + approved + "/stop", alice, null), 409, "INVALID_TRANSITION");
        String byHand = http.post("/api/v1/jobs", alice, Map.of("name", "manual", "gpuHours", 1)).text("id");
        scenario.approve(byHand);
        http.patch("/api/v1/jobs/" + byHand + "/status", admin, Map.of("status", "PROCESSING"));
        assertProblem(http.post("/api/v1/jobs/" + byHand + "/stop", alice, null), 409, "INVALID_TRANSITION");

        CreatedWorker worker = scenario.worker(pool, 1);
        String running = scenario.approvedJob(alice, pool, "1", 1);
        scenario.claim(worker, 1);
        String mallory = http.registerAndLogin(TestHttp.uniqueName("mallory"));
        assertProblem(http.post("/api/v1/jobs/" + running + "/stop", mallory, null), 404, "NOT_FOUND");
        assertProblem(http.get("/api/v1/jobs/" + running + "/output", mallory), 404, "NOT_FOUND");
        assertThat(scenario.job(running).json().get("stopRequested").asBoolean()).isFalse();
    }

    @Test
    void adminEndWhenWorkerJobFinishedByHandThenManualAndWorkerLosesItsLease() {
        String pool = WorkerScenario.pool(jdbc, null, "1");
        CreatedWorker worker = scenario.worker(pool, 1);
        String jobId = scenario.approvedJob(alice, pool, "1", 1);
        scenario.claim(worker, 1);

        Response ended = http.patch("/api/v1/jobs/" + jobId + "/status", admin, Map.of("status", "FAILED",
                "usedHours", 0.5));

        assertThat(ended.status()).isEqualTo(200);
        assertThat(ended.json().get("run").get("endReason").asString()).isEqualTo("MANUAL");
        assertProblem(scenario.heartbeat(worker, jobId), 409, "LEASE_LOST");
        assertProblem(scenario.finish(worker, jobId, 0, "1", null), 409, "LEASE_LOST");
        assertThat(Accounts.balance(http, alice)).isEqualByComparingTo("9.5");
    }

    @Test
    void finishWhenOutputIsLongButWithinTheLimitThenKeptEvenIfEscapedItIsOver64KiB() {
        String pool = WorkerScenario.pool(jdbc, null, "1");
        CreatedWorker worker = scenario.worker(pool, 1);
        String jobId = scenario.approvedJob(alice, pool, "1", 1);
        scenario.claim(worker, 1);
        String output = "\u0001".repeat(32768); // 6 bytes each once escaped: 192 KiB of JSON

        Response finished = scenario.finish(worker, jobId, 0, "1", output);

        assertThat(finished.status()).as(finished.body()).isEqualTo(200);
        assertThat(http.get("/api/v1/jobs/" + jobId + "/output", alice).body()).isEqualTo(output);
    }

    @Test
    void workerJobsWhenItRunsTwoThenBothListed() {
        String pool = WorkerScenario.pool(jdbc, null, "1");
        CreatedWorker worker = scenario.worker(pool, 2);
        String a = scenario.approvedJob(alice, pool, "1", 1);
        String b = scenario.approvedJob(alice, pool, "1", 1);
        scenario.claim(worker, 1);
        scenario.claim(worker, 1);

        Response jobs = http.get("/api/v1/worker/jobs", worker.token());

        assertThat(jobs.status()).isEqualTo(200);
        assertThat(jobs.json().valueStream().map(j -> j.get("id").asString())).containsExactlyInAnyOrder(a, b);
        Response view = http.get("/api/v1/admin/workers/" + worker.id(), admin);
        assertThat(view.json().get("runningJobs").asLong()).isEqualTo(2);
        assertThat(Instant.parse(view.text("lastSeenAt"))).isEqualTo(clock.instant());
    }

    // --- Documentation and metrics -----------------------------------------------------------------

    @Test
    void apiDocsWhenReadThenWorkerTokenSchemeAndEveryWorkerOperationWithItsErrors() {
        JsonNode docs = http.get("/v3/api-docs", null).json();

        JsonNode scheme = docs.get("components").get("securitySchemes").get("workerToken");
        assertThat(scheme.get("type").asString()).isEqualTo("http");
        assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
        JsonNode paths = docs.get("paths");
        JsonNode claim = paths.get("/api/v1/worker/claim").get("post");
        assertThat(claim.get("security").get(0).has("workerToken")).isTrue();
        assertThat(claim.get("responses").propertyNames()).contains("200", "204", "400", "401", "403", "413", "415");
        assertThat(claim.get("responses").get("403").toString()).contains("TOKEN_NOT_ALLOWED");
        JsonNode finish = paths.get("/api/v1/worker/jobs/{id}/finish").get("post");
        assertThat(finish.get("responses").propertyNames()).contains("200", "400", "401", "403", "404", "409", "413");
        assertThat(finish.get("responses").get("409").toString()).contains("LEASE_LOST");
        JsonNode heartbeat = paths.get("/api/v1/worker/jobs/{id}/heartbeat").get("post");
        assertThat(heartbeat.get("responses").propertyNames()).contains("200", "401", "403", "404", "409");
        assertThat(paths.get("/api/v1/worker/jobs").get("get").get("responses").propertyNames()).contains("200", "401");
        JsonNode create = paths.get("/api/v1/admin/workers").get("post");
        assertThat(create.get("responses").get("409").toString()).contains("WORKER_NAME_TAKEN");
        assertThat(create.get("responses").get("201").get("headers").has("Location")).isTrue();
        assertThat(paths.get("/api/v1/admin/workers/{id}/token").get("post").get("responses").propertyNames())
            .contains("200", "401", "403", "404");
        JsonNode stop = paths.get("/api/v1/jobs/{id}/stop").get("post");
        assertThat(stop.get("responses").propertyNames()).contains("202", "401", "403", "404", "409");
        JsonNode output = paths.get("/api/v1/jobs/{id}/output").get("get");
        assertThat(output.get("responses").get("200").get("content").has("text/plain")).isTrue();
        assertThat(output.get("responses").propertyNames()).contains("404");
        JsonNode job = docs.get("components").get("schemas").get("JobResponse").get("properties");
        assertThat(job.propertyNames()).contains("run", "stopRequested", "waitReason");
    }

    @Test
    void prometheusWhenAJobIsClaimedThenTheClaimIsCountedForItsPool() {
        String pool = WorkerScenario.pool(jdbc, null, "1");
        CreatedWorker worker = scenario.worker(pool, 1);
        scenario.approvedJob(alice, pool, "1", 1);
        assertThat(scenario.claim(worker, 1).status()).isEqualTo(200);

        String metrics = http.get("/actuator/prometheus", null).body();

        assertThat(metrics).contains("gaas_worker_claims_total{pool=\"" + pool + "\"} 1.0");
    }
}
