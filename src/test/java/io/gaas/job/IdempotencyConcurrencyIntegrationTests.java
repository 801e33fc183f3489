package io.gaas.job;

import static io.gaas.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import io.gaas.support.Accounts;
import io.gaas.support.SharedPostgres;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;
import tools.jackson.databind.JsonNode;

/** Idempotent submission under real concurrency, on PostgreSQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=pgadmin", "gaas.admin.password=" + TestHttp.PASSWORD })
@Import(SharedPostgres.class)
class IdempotencyConcurrencyIntegrationTests {

    private static final int THREADS = 8;

    @LocalServerPort
    int port;

    TestHttp http;
    String token;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        token = http.registerAndLogin(TestHttp.uniqueName("idem"));
    }

    @Test
    void submitWhenSameKeyArrivesFromEightThreadsAtOnceThenOneJobChargedOnce() throws Exception {
        String key = "key-" + UUID.randomUUID();
        List<Response> responses = all(THREADS,
                () -> http.post("/api/v1/jobs", token, Map.of("name", "race", "gpuHours", 2.5),
                        Map.of("Idempotency-Key", key)));

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(201));
        String jobId = responses.getFirst().text("id");
        assertThat(responses).extracting(r -> r.text("id")).containsOnly(jobId);
        assertThat(responses).extracting(r -> r.header("Location")).containsOnly("/api/v1/jobs/" + jobId);
        assertThat(Accounts.balance(http, token)).isEqualByComparingTo("7.5");
        List<JsonNode> charges = Accounts.ledger(http, token).stream()
            .filter(entry -> entry.get("kind").asString().equals("JOB_CHARGE"))
            .toList();
        assertThat(charges).singleElement().satisfies(charge -> {
            assertThat(charge.get("jobId").asString()).isEqualTo(jobId);
            assertThat(charge.get("deltaHours").decimalValue()).isEqualByComparingTo("-2.5");
        });
        assertThat(http.get("/api/v1/jobs", token).json().get("page").get("totalElements").asLong()).isEqualTo(1);
    }

    @Test
    void submitWhenSameKeyComesWithAnotherBodyThenKeyReusedAndNothingCharged() {
        String key = "key-" + UUID.randomUUID();
        Map<String, String> header = Map.of("Idempotency-Key", key);
        Response first = http.post("/api/v1/jobs", token, "{\"name\":\"a\",\"gpuHours\":2.5}", header);
        assertThat(first.status()).isEqualTo(201);

        for (String other : List.of("{\"name\":\"a\",\"gpuHours\":2.6}", "{\"name\":\"b\",\"gpuHours\":2.5}",
                "{\"name\":\"a\",\"gpuHours\":2.5,\"description\":\"more\"}")) {
            assertProblem(http.post("/api/v1/jobs", token, other, header), 422, "IDEMPOTENCY_KEY_REUSED");
        }
        // Equal as parsed JSON: another field order and 2.50 for 2.5.
        Response replay = http.post("/api/v1/jobs", token, "{\"gpuHours\":2.50,\"name\":\"a\"}", header);

        assertThat(replay.status()).as(replay.body()).isEqualTo(201);
        assertThat(replay.text("id")).isEqualTo(first.text("id"));
        assertThat(Accounts.balance(http, token)).isEqualByComparingTo("7.5");
        assertThat(Accounts.ledgerSize(http, token)).isEqualTo(2);
    }

    @Test
    void submitWhenKeyReusedAfterInsufficientQuotaThenJudgedAfresh() {
        Map<String, String> header = Map.of("Idempotency-Key", "after-a-400");
        assertProblem(http.post("/api/v1/jobs", token, Map.of("name", "big", "gpuHours", 20), header), 400,
                "INSUFFICIENT_QUOTA");

        Response smaller = http.post("/api/v1/jobs", token, Map.of("name", "small", "gpuHours", 4), header);
        assertThat(smaller.status()).as("a 400 is not remembered: " + smaller.body()).isEqualTo(201);
        assertProblem(http.post("/api/v1/jobs", token, Map.of("name", "big", "gpuHours", 20), header), 422,
                "IDEMPOTENCY_KEY_REUSED");
        assertThat(Accounts.balance(http, token)).isEqualByComparingTo("6");
    }

    @Test
    void submitWhenReplayedAfterCancelThenSameJobAsItIsNowAndNoNewCharge() {
        Map<String, String> header = Map.of("Idempotency-Key", "replay-now");
        Response first = http.post("/api/v1/jobs", token, Map.of("name", "x", "gpuHours", 3), header);
        assertThat(http.post("/api/v1/jobs/" + first.text("id") + "/cancel", token, null).status()).isEqualTo(200);

        Response replay = http.post("/api/v1/jobs", token, Map.of("name", "x", "gpuHours", 3), header);

        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.text("id")).isEqualTo(first.text("id"));
        assertThat(replay.text("status")).isEqualTo("CANCELLED");
        assertThat(Accounts.balance(http, token)).isEqualByComparingTo("10");
    }

    @Test
    void submitWhenAnotherUserUsesTheSameKeyThenTheirOwnJob() {
        Map<String, String> header = Map.of("Idempotency-Key", "shared-key");
        String otherToken = http.registerAndLogin(TestHttp.uniqueName("idem2"));
        Response mine = http.post("/api/v1/jobs", token, Map.of("name", "x", "gpuHours", 1), header);
        Response theirs = http.post("/api/v1/jobs", otherToken, Map.of("name", "x", "gpuHours", 1), header);

        assertThat(mine.status()).isEqualTo(201);
        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.text("id")).isNotEqualTo(mine.text("id"));
        assertThat(Accounts.balance(http, otherToken)).isEqualByComparingTo("9");
    }

    @Test
    void submitWhenEightDifferentKeysRaceForTenHoursThenNeverOverdrawn() throws Exception {
        List<Response> responses = all(THREADS, () -> http.post("/api/v1/jobs", token,
                Map.of("name", "race", "gpuHours", 2), Map.of("Idempotency-Key", UUID.randomUUID().toString())));

        assertThat(responses).extracting(Response::status).containsOnly(201, 400).filteredOn(s -> s == 201).hasSize(5);
        assertThat(responses).filteredOn(r -> r.status() == 400)
            .allSatisfy(r -> assertThat(r.code()).isEqualTo("INSUFFICIENT_QUOTA"));
        assertThat(Accounts.balance(http, token)).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(Accounts.ledger(http, token).stream().map(e -> e.get("deltaHours").decimalValue())
            .reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(BigDecimal.ZERO);
    }

    /** Runs the call on n threads released together by one start gate. */
    static <T> List<T> all(int n, Callable<T> call) throws Exception {
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    return call.call();
                }));
            }
            ready.await();
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
