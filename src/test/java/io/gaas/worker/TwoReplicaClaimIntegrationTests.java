package io.gaas.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gaas.GaasApplication;
import io.gaas.support.Accounts;
import io.gaas.support.EmbeddedPostgresSupport;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;
import io.gaas.worker.WorkerScenario.CreatedWorker;
import tools.jackson.databind.JsonNode;

/**
 * Two replicas (two Spring contexts) on one PostgreSQL database, 8 workers claiming through each
 * while an admin approves jobs through both: every job is claimed exactly once, the pool's GPUs in
 * use never exceed its capacity (sampled during the run, and checked from the jobs' histories), and
 * every balance and ledger adds up at the end.
 */
class TwoReplicaClaimIntegrationTests {

    private static final String ADMIN = "claimadmin";
    private static final int POOL_GPUS = 5;
    private static final int USERS = 4;
    private static final int JOBS_PER_USER = 10;
    private static final int WORKERS_PER_REPLICA = 8;

    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;
    static TestHttp one;
    static TestHttp two;
    static JdbcClient jdbc;

    @BeforeAll
    static void startTwoReplicas() {
        String url = EmbeddedPostgresSupport.newDatabase();
        first = start(url);
        second = start(url);
        one = new TestHttp(port(first));
        two = new TestHttp(port(second));
        jdbc = first.getBean(JdbcClient.class);
    }

    @AfterAll
    static void stopReplicas() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    private static ConfigurableApplicationContext start(String url) {
        return new SpringApplicationBuilder(GaasApplication.class).run("--server.port=0",
                "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres", "--gaas.admin.username=" + ADMIN,
                "--gaas.admin.password=" + TestHttp.PASSWORD);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Test
    void claimWhen16WorkersOnTwoReplicasRaceForJobsThenEachJobRunsOnceWithinCapacity() throws Exception {
        String admin = one.login(ADMIN);
        String pool = WorkerScenario.pool(jdbc, POOL_GPUS, "1.5");
        List<TestHttp> replicas = List.of(one, two);
        WorkerScenario scenario = new WorkerScenario(one, admin);
        List<String> userTokens = new ArrayList<>();
        List<String> jobIds = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            String token = one.registerAndLogin(TestHttp.uniqueName("claimer"));
            userTokens.add(token);
            for (int j = 0; j < JOBS_PER_USER; j++) {
                jobIds.add(scenario.submit(token, pool, "0.5", 1 + (j % 2)));
            }
        }
        List<CreatedWorker> workers = new ArrayList<>();
        for (int w = 0; w < 2 * WORKERS_PER_REPLICA; w++) {
            workers.add(scenario.worker(pool, 1 + (w % 3)));
        }

        ConcurrentLinkedQueue<String> claimed = new ConcurrentLinkedQueue<>();
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger maxInUse = new AtomicInteger();
        AtomicBoolean overCapacity = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService threads = Executors.newFixedThreadPool(workers.size() + 2);
        try {
            List<Future<?>> running = new ArrayList<>();
            running.add(threads.submit(() -> {
                for (int i = 0; i < jobIds.size(); i++) { // approvals through both replicas, while workers claim
                    Response approved = replicas.get(i % 2).patch("/api/v1/jobs/" + jobIds.get(i) + "/status", admin,
                            Map.of("status", "APPROVED"));
                    assertThat(approved.status()).as(approved.body()).isEqualTo(200);
                }
                return null;
            }));
            running.add(threads.submit(() -> {
                while (!done.get()) {
                    int inUse = jdbc.sql("SELECT gpus_in_use FROM pools WHERE name = :n").param("n", pool)
                        .query(Integer.class).single();
                    int fromJobs = jdbc.sql("""
                            SELECT COALESCE(SUM(j.gpu_count), 0) FROM gpu_jobs j JOIN pools p ON p.id = j.pool_id
                            WHERE p.name = :n AND j.status = 'PROCESSING'""").param("n", pool)
                        .query(Integer.class).single();
                    maxInUse.accumulateAndGet(Math.max(inUse, fromJobs), Math::max);
                    if (inUse > POOL_GPUS || fromJobs > POOL_GPUS) {
                        overCapacity.set(true);
                    }
                }
                return null;
            }));
            for (int w = 0; w < workers.size(); w++) {
                CreatedWorker worker = workers.get(w);
                TestHttp replica = replicas.get(w % 2);
                int gpus = 1 + (w % 3);
                running.add(threads.submit(() -> {
                    while (finished.get() < jobIds.size()) {
                        Response claim = replica.post("/api/v1/worker/claim", worker.token(),
                                Map.of("freeGpus", gpus, "waitSeconds", 1));
                        if (claim.status() == 204) {
                            continue;
                        }
                        assertThat(claim.status()).as(claim.body()).isEqualTo(200);
                        String jobId = claim.json().get("job").get("id").asString();
                        claimed.add(jobId);
                        assertThat(replica.post("/api/v1/worker/jobs/" + jobId + "/heartbeat", worker.token(), null)
                            .status()).isEqualTo(200);
                        Response end = replica.post("/api/v1/worker/jobs/" + jobId + "/finish", worker.token(),
                                Map.of("exitCode", 0, "runSeconds", 900));
                        assertThat(end.status()).as(end.body()).isEqualTo(200);
                        finished.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> future : running.subList(2, running.size())) {
                future.get(5, TimeUnit.MINUTES);
            }
            running.get(0).get(1, TimeUnit.MINUTES);
            done.set(true);
            running.get(1).get(1, TimeUnit.MINUTES);
        }
        finally {
            done.set(true);
            threads.shutdownNow();
        }

        List<String> claims = new ArrayList<>(claimed);
        assertThat(claims).as("every job claimed exactly once").hasSize(jobIds.size())
            .doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(jobIds);
        assertThat(overCapacity).as("GPUs in use stayed within %s (max seen %s)", POOL_GPUS, maxInUse).isFalse();
        assertThat(maxInUse.get()).isBetween(1, POOL_GPUS);
        assertThat(jdbc.sql("SELECT gpus_in_use FROM pools WHERE name = :n").param("n", pool).query(Integer.class)
            .single()).isZero();
        assertCapacityHeldInHistories(jobIds);
        for (String token : userTokens) {
            assertLedgerAddsUp(token);
        }
    }

    /** Replays every start and end of the pool's jobs in time order: never more GPUs at once than it has. */
    private static void assertCapacityHeldInHistories(List<String> jobIds) {
        record Event(String at, int delta) {
        }
        List<Event> events = new ArrayList<>();
        Map<String, Integer> gpuCounts = new HashMap<>();
        for (String jobId : jobIds) {
            JsonNode job = one.get("/api/v1/jobs/" + jobId, one.login(ADMIN)).json();
            assertThat(job.get("status").asString()).isEqualTo("COMPLETED");
            int gpus = job.get("gpuCount").asInt();
            gpuCounts.put(jobId, gpus);
            List<JsonNode> processing = job.get("history").valueStream()
                .filter(h -> h.get("status").asString().equals("PROCESSING"))
                .toList();
            assertThat(processing).as("started once").hasSize(1);
            events.add(new Event(job.get("run").get("startedAt").asString(), gpus));
            events.add(new Event(job.get("run").get("finishedAt").asString(), -gpus));
        }
        // Ends before starts at the same instant: a job's GPUs are free once its finish commits.
        events.sort((a, b) -> {
            int byTime = java.time.Instant.parse(a.at()).compareTo(java.time.Instant.parse(b.at()));
            return byTime != 0 ? byTime : Integer.compare(a.delta(), b.delta());
        });
        int inUse = 0;
        for (Event event : events) {
            inUse += event.delta();
            assertThat(inUse).isBetween(0, POOL_GPUS);
        }
        assertThat(inUse).isZero();
        assertThat(Collections.max(gpuCounts.values())).isLessThanOrEqualTo(2);
    }

    private static void assertLedgerAddsUp(String token) {
        BigDecimal balance = Accounts.balance(one, token);
        BigDecimal running = BigDecimal.ZERO;
        BigDecimal charged = BigDecimal.ZERO;
        for (JsonNode entry : Accounts.ledger(two, token)) {
            running = running.add(entry.get("deltaHours").decimalValue());
            assertThat(entry.get("balanceAfter").decimalValue()).isEqualByComparingTo(running);
        }
        assertThat(running).isEqualByComparingTo(balance);
        Response jobs = one.get("/api/v1/jobs?size=100", token);
        for (JsonNode job : jobs.json().get("content")) {
            charged = charged.add(job.get("chargedHours").decimalValue());
            // 900 s on 1 or 2 GPUs: 0.25 or 0.5 GPU-hours, at weight 1.5
            BigDecimal used = job.get("usedHours").decimalValue();
            assertThat(job.get("chargedHours").decimalValue())
                .isEqualByComparingTo(used.multiply(new BigDecimal("1.5")).setScale(2, java.math.RoundingMode.CEILING));
        }
        assertThat(balance).isEqualByComparingTo(new BigDecimal("10").subtract(charged));
        assertThat(balance.signum()).isPositive();
    }
}
