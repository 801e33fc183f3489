package io.gaas.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;
import tools.jackson.databind.JsonNode;

/** The seed's whole flow over real HTTP: register, log in, submit, run out, approve, complete, refund. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=flowadmin", "gaas.admin.password=" + TestHttp.PASSWORD })
class JobSubmissionIntegrationTests {

    @LocalServerPort
    int port;

    TestHttp http;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
    }

    @Test
    void wholeFlowWhenJobCompletesEarlyThenUnusedHoursAreRefundedAndLedgerAddsUp() {
        String alice = TestHttp.uniqueName("alice");
        String token = http.registerAndLogin(alice);
        String admin = http.login("flowadmin");

        Response me = http.get("/api/v1/users/me", token);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.decimal("quotaHours")).isEqualByComparingTo("10");

        Response submitted = http.post("/api/v1/jobs", token, Map.of("name", "train-resnet", "gpuHours", 2.5));
        assertThat(submitted.status()).isEqualTo(201);
        String jobId = submitted.text("id");
        assertThat(submitted.header("Location")).isEqualTo("/api/v1/jobs/" + jobId);
        assertThat(submitted.text("status")).isEqualTo("PENDING");
        assertThat(submitted.json().get("usedHours").isNull()).isTrue();

        Response tooMuch = http.post("/api/v1/jobs", token, Map.of("name", "too-big", "gpuHours", 8));
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(tooMuch.code()).isEqualTo("INSUFFICIENT_QUOTA");
        assertThat(tooMuch.header("Content-Type")).startsWith("application/problem+json");
        assertThat(http.get("/api/v1/users/me", token).decimal("quotaHours")).isEqualByComparingTo("7.5");

        assertThat(changeStatus(admin, jobId, Map.of("status", "APPROVED")).status()).isEqualTo(200);
        assertThat(changeStatus(admin, jobId, Map.of("status", "PROCESSING")).status()).isEqualTo(200);
        Response completed = changeStatus(admin, jobId, Map.of("status", "COMPLETED", "usedHours", 1.25));
        assertThat(completed.status()).isEqualTo(200);
        assertThat(completed.text("status")).isEqualTo("COMPLETED");
        assertThat(completed.decimal("usedHours")).isEqualByComparingTo("1.25");

        assertThat(http.get("/api/v1/users/me", token).decimal("quotaHours")).isEqualByComparingTo("8.75");

        Response job = http.get("/api/v1/jobs/" + jobId, token);
        assertThat(job.json().get("history").valueStream().map(step -> step.get("status").asString()))
            .containsExactly("PENDING", "APPROVED", "PROCESSING", "COMPLETED");
        assertThat(job.json().get("history").get(1).get("by").asString()).isEqualTo("flowadmin");

        Response ledger = http.get("/api/v1/users/me/ledger", token);
        assertThat(ledger.json().get("content").valueStream().map(entry -> entry.get("kind").asString()))
            .containsExactly("JOB_REFUND", "JOB_CHARGE", "INITIAL_GRANT");
        assertLedgerAddsUp(ledger.json(), new BigDecimal("8.75"));
    }

    private Response changeStatus(String adminToken, String jobId, Map<String, Object> body) {
        return http.patch("/api/v1/jobs/" + jobId + "/status", adminToken, body);
    }

    /** Oldest to newest, each balanceAfter is the running sum, and the last one is the balance. */
    static void assertLedgerAddsUp(JsonNode ledgerPage, BigDecimal balance) {
        var entries = ledgerPage.get("content").valueStream().toList().reversed();
        BigDecimal running = BigDecimal.ZERO;
        for (JsonNode entry : entries) {
            running = running.add(entry.get("deltaHours").decimalValue());
            assertThat(entry.get("balanceAfter").decimalValue()).isEqualByComparingTo(running);
        }
        assertThat(running).isEqualByComparingTo(balance);
    }
}
