package io.gaas.worker;

import static io.gaas.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

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
import io.gaas.support.ParallelCalls;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;
import io.gaas.worker.WorkerScenario.CreatedWorker;
import tools.jackson.databind.JsonNode;

/**
 * Leases and time limits, with a clock the tests move by hand (lease 60 s): a silent worker's job
 * fails as "worker lost", an overrun job as "time limit exceeded", a heartbeating job lives on, an
 * outage of the service fails nothing, and of a finish and a sweep exactly one ends the job.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=leaseadmin", "gaas.admin.password=" + TestHttp.PASSWORD,
                "gaas.worker.lease=PT60S" })
@Import(LeaseIntegrationTests.Clocks.class)
class LeaseIntegrationTests {

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LeaseSweeper sweeper;

    TestHttp http;
    String alice;
    String pool;
    WorkerScenario scenario;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        scenario = new WorkerScenario(http, http.login("leaseadmin"));
        alice = http.registerAndLogin(TestHttp.uniqueName("alice"));
        pool = WorkerScenario.pool(jdbc, 4, "1");
        sweeper.sweep(); // the sweeps of this test start from now: no gap that looks like an outage
    }

    /** Moves time on in steps of 10 s, sweeping after each, as the sweeper does every sixth of the lease. */
    private void runFor(Duration duration) {
        for (Duration left = duration; !left.isNegative() && !left.isZero(); left = left.minusSeconds(10)) {
            clock.advance(left.compareTo(Duration.ofSeconds(10)) < 0 ? left : Duration.ofSeconds(10));
            sweeper.sweep();
        }
    }

    private long gpusInUse() {
        return jdbc.sql("SELECT gpus_in_use FROM pools WHERE name = :n").param("n", pool).query(Long.class).single();
    }

    @Test
    void sweepWhenWorkerGoesSilentThenJobFailsAsWorkerLostChargedToTheLastHeartbeat() {
        CreatedWorker worker = scenario.worker(pool, 2);
        String jobId = scenario.approvedJob(alice, pool, "4", 2);
        assertThat(scenario.claim(worker, 2).status()).isEqualTo(200);
        runFor(Duration.ofSeconds(30));
        assertThat(scenario.heartbeat(worker, jobId).status()).isEqualTo(200); // lease until +90 s

        runFor(Duration.ofSeconds(60)); // +90 s: the lease ends now, not before
        assertThat(scenario.job(jobId).text("status")).isEqualTo("PROCESSING");
        runFor(Duration.ofSeconds(20)); // within a third of the lease after it

        Response job = scenario.job(jobId);
        assertThat(job.text("status")).isEqualTo("FAILED");
        assertThat(job.json().get("run").get("endReason").asString()).isEqualTo("WORKER_LOST");
        JsonNode last = job.json().get("history").get(job.json().get("history").size() - 1);
        assertThat(last.get("by").asString()).isEqualTo("system");
        assertThat(last.get("reason").asString()).isEqualTo("worker lost");
        // 30 s from claim to last heartbeat on 2 GPUs: 0.01667 GPU-hours, rounded up
        assertThat(job.decimal("usedHours")).isEqualByComparingTo("0.02");
        assertThat(Accounts.balance(http, alice)).isEqualByComparingTo("9.98");
        assertThat(gpusInUse()).isZero();
        assertProblem(scenario.heartbeat(worker, jobId), 409, "LEASE_LOST");
        assertProblem(scenario.finish(worker, jobId, 0, "100", null), 409, "LEASE_LOST");
        assertThat(Accounts.balance(http, alice)).isEqualByComparingTo("9.98");
        assertThat(http.get("/actuator/prometheus", null).body())
            .contains("gaas_worker_leases_expired_total{pool=\"" + pool + "\"} 1.0");
    }

    @Test
    void sweepWhenWorkerHeartbeatsThenJobLivesPastManyLeases() {
        CreatedWorker worker = scenario.worker(pool, 1);
        String jobId = scenario.approvedJob(alice, pool, "1", 1);
        scenario.claim(worker, 1);

        for (int i = 0; i < 20; i++) { // ten minutes, two heartbeats a minute, some with a body of progress
            runFor(Duration.ofSeconds(30));
            Response beat = i % 2 == 0 ? scenario.heartbeat(worker, jobId)
                    : http.post("/api/v1/worker/jobs/" + jobId + "/heartbeat", worker.token(),
                            "{\"progress\": 0.5, \"future\": {\"field\": [1, 2]}}",
                            java.util.Map.of("User-Agent", "gaas-worker/1.1"));
            assertThat(beat.status()).isEqualTo(200);
        }

        assertThat(scenario.job(jobId).text("status")).isEqualTo("PROCESSING");
        assertThat(scenario.finish(worker, jobId, 0, "600", null).text("status")).isEqualTo("COMPLETED");
    }

    @Test
    void sweepWhenJobOverrunsItsLimitAndGraceThenTimeLimitExceededChargedInFull() {
        CreatedWorker worker = scenario.worker(pool, 1);
        String jobId = scenario.approvedJob(alice, pool, "0.02", 1); // 72 s; +60 s +10 s grace: 142 s
        scenario.claim(worker, 1);

        for (int i = 0; i < 7; i++) { // 140 s, heartbeating all along
            runFor(Duration.ofSeconds(20));
            assertThat(scenario.heartbeat(worker, jobId).status()).isEqualTo(200);
        }
        assertThat(scenario.job(jobId).text("status")).as("never before the grace").isEqualTo("PROCESSING");
        runFor(Duration.ofSeconds(10));

        Response job = scenario.job(jobId);
        assertThat(job.text("status")).isEqualTo("FAILED");
        assertThat(job.json().get("run").get("endReason").asString()).isEqualTo("TIME_LIMIT");
        JsonNode last = job.json().get("history").get(job.json().get("history").size() - 1);
        assertThat(last.get("by").asString()).isEqualTo("system");
        assertThat(last.get("reason").asString()).isEqualTo("time limit exceeded");
        assertThat(job.decimal("usedHours")).isEqualByComparingTo("0.02");
        assertProblem(scenario.finish(worker, jobId, 137, "142", null), 409, "LEASE_LOST");
        assertThat(gpusInUse()).isZero();
        assertThat(http.get("/actuator/prometheus", null).body())
            .contains("gaas_worker_time_limits_total{pool=\"" + pool + "\"} 1.0");
    }

    @Test
    void sweepWhenServiceWasAwayLongerThanALeaseThenLeasesAreExtendedFirstAndNoJobFails() {
        CreatedWorker worker = scenario.worker(pool, 1);
        String jobId = scenario.approvedJob(alice, pool, "1", 1);
        scenario.claim(worker, 1);

        clock.advance(Duration.ofMinutes(10)); // no sweep, no heartbeat: the service was down
        sweeper.sweep();

        assertThat(scenario.job(jobId).text("status")).isEqualTo("PROCESSING");
        assertThat(Instant.parse(scenario.job(jobId).json().get("run").get("leaseExpiresAt").asString()))
            .isEqualTo(clock.instant().plusSeconds(60));
        runFor(Duration.ofSeconds(20));
        assertThat(scenario.heartbeat(worker, jobId).status()).isEqualTo(200);
        runFor(Duration.ofSeconds(90)); // and now the worker is really gone
        assertThat(scenario.job(jobId).json().get("run").get("endReason").asString()).isEqualTo("WORKER_LOST");
    }

    @Test
    void finishWhenLateAfterTheSweepThen409AndTheSweepsEndingStands() {
        CreatedWorker worker = scenario.worker(pool, 1);
        String jobId = scenario.approvedJob(alice, pool, "1", 1);
        scenario.claim(worker, 1);
        runFor(Duration.ofSeconds(80));
        assertThat(scenario.job(jobId).text("status")).isEqualTo("FAILED");

        assertProblem(scenario.finish(worker, jobId, 0, "70", "late"), 409, "LEASE_LOST");

        assertThat(scenario.job(jobId).json().get("run").get("endReason").asString()).isEqualTo("WORKER_LOST");
        assertProblem(http.get("/api/v1/jobs/" + jobId + "/output", alice), 404, "NOT_FOUND");
    }

    @Test
    void finishAndSweepWhenRacingThenExactlyOneEndsEachJob() throws Exception {
        CreatedWorker worker = scenario.worker(pool, 4);
        String owner = TestHttp.uniqueName("racer");
        String ownerToken = http.registerAndLogin(owner);
        List<String> jobIds = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            jobIds.add(scenario.approvedJob(ownerToken, pool, "0.5", 1));
            assertThat(scenario.claim(worker, 1).status()).isEqualTo(200);
        }
        clock.advance(Duration.ofSeconds(50));
        sweeper.sweep();
        clock.advance(Duration.ofSeconds(11)); // every lease has just expired; nothing has swept it yet

        List<Integer> outcomes = ParallelCalls.run(8, i -> i % 2 == 0
                ? scenario.finish(worker, jobIds.get(i / 2), 0, "60", null).status()
                : sweeper.sweep());

        for (int i = 0; i < 4; i++) {
            int finishStatus = outcomes.get(2 * i);
            Response job = scenario.job(jobIds.get(i));
            String endReason = job.json().get("run").get("endReason").asString();
            assertThat(finishStatus).isIn(200, 409);
            assertThat(endReason).isEqualTo(finishStatus == 200 ? "EXIT_CODE" : "WORKER_LOST");
            long finals = job.json().get("history").valueStream()
                .filter(entry -> List.of("COMPLETED", "FAILED").contains(entry.get("status").asString()))
                .count();
            assertThat(finals).isEqualTo(1);
        }
        List<JsonNode> ledger = Accounts.ledger(http, ownerToken);
        assertThat(ledger.stream().filter(e -> e.get("kind").asString().equals("JOB_REFUND")).count())
            .as("one refund per job at most").isLessThanOrEqualTo(4);
        for (String jobId : jobIds) {
            assertThat(ledger.stream()
                .filter(e -> e.get("kind").asString().equals("JOB_REFUND") && jobId.equals(e.get("jobId").asString()))
                .count()).isEqualTo(1);
        }
        assertThat(gpusInUse()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM gpu_jobs WHERE worker_id = :w AND status = 'PROCESSING'")
            .param("w", UUID.fromString(worker.id())).query(Long.class).single()).isZero();
    }
}
