package io.gaas.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gaas.support.EmbeddedPostgresSupport;
import io.gaas.support.LedgerTimes;
import io.gaas.support.ParallelCalls;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;

/**
 * No overdraw under load, on real PostgreSQL: 40 parallel 1 h submissions against 10 h. And the
 * ledger's times follow its sequence however the row lock ordered the submissions.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QuotaDeductionConcurrencyIntegrationTests {

    private static final int SUBMISSIONS = 40;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        EmbeddedPostgresSupport.useNewDatabase(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void submitWhen40ParallelRequestsRaceFor10HoursThenExactly10SucceedBalanceIsZeroAndTimesFollowSequence() throws Exception {
        TestHttp http = new TestHttp(port);
        String token = http.registerAndLogin(TestHttp.uniqueName("racer"));

        List<Response> responses = ParallelCalls.run(SUBMISSIONS,
                i -> http.post("/api/v1/jobs", token, Map.of("name", "job-" + i, "gpuHours", 1)));

        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(10);
        assertThat(responses).filteredOn(r -> r.status() != 201)
            .hasSize(SUBMISSIONS - 10)
            .allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(400);
                assertThat(r.code()).isEqualTo("INSUFFICIENT_QUOTA");
            });
        assertThat(http.get("/api/v1/users/me", token).decimal("quotaHours")).isEqualByComparingTo("0");

        Response ledger = http.get("/api/v1/users/me/ledger?size=100", token);
        assertThat(ledger.json().get("page").get("totalElements").asLong()).isEqualTo(11);
        BigDecimal sum = ledger.json()
            .get("content")
            .valueStream()
            .map(entry -> entry.get("deltaHours").decimalValue())
            .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(sum).isEqualByComparingTo("0");
        assertThat(LedgerTimes.inSequenceOrder(ledger.json())).hasSize(11).isSorted();
        Map<String, Instant> chargedAt = LedgerTimes.ofChargesByJob(ledger.json());
        assertThat(responses).filteredOn(r -> r.status() == 201)
            .allSatisfy(created -> assertThat(Instant.parse(created.text("createdAt")))
                .isEqualTo(chargedAt.get(created.text("id"))));
        assertThat(http.get("/api/v1/jobs?size=100", token).json().get("page").get("totalElements").asLong())
            .isEqualTo(10);
    }
}
