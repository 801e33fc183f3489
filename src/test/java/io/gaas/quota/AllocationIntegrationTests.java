package io.gaas.quota;

import static io.gaas.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gaas.support.Accounts;
import io.gaas.support.MutableClock;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;
import io.gaas.support.WebhookSubscription;
import io.micrometer.core.instrument.Metrics;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Allocations over HTTP, with a clock the tests move by hand and the refill scheduler's work run
 * by the test (its own schedule is pushed out of the way): PUT, DELETE and manual refills, the
 * refill at a period start, a service down for three periods, the refund cap after a refill, and a
 * user's own low-balance threshold. On H2 here; {@link AllocationPostgresIntegrationTests} runs the
 * same on PostgreSQL, where the submission is one statement of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=allocadmin", "gaas.admin.password=" + TestHttp.PASSWORD,
                "gaas.quota.refill-poll=PT1000H", "gaas.quota.refill-initial-delay=PT1000H",
                "gaas.registration.per-hour=10000" })
@Import(AllocationIntegrationTests.Clocks.class)
class AllocationIntegrationTests {

    /**
     * A Thursday, years before the real clock, so that what these tests create is older than what
     * other tests on the shared database list newest first. No context refills on its own schedule
     * in tests (see the test configuration), so nothing else refills these accounts.
     */
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final Instant START = Instant.parse("2020-01-16T09:30:00Z");

    /**
     * Imported rather than annotated as a configuration, so that slices that scan this package for
     * the quota service do not pick up its clock.
     */
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
    RefillScheduler scheduler;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;

    @BeforeEach
    void setUp() {
        clock.set(START);
        http = new TestHttp(port);
    }

    /** A fresh token: tokens expire as the tests move the clock on by months. */
    private String admin() {
        return http.login("allocadmin");
    }

    private Response putAllocation(String userId, Object body) {
        return http.send("PUT", "/api/v1/admin/users/" + userId + "/allocation", admin(), TestHttp.json(body),
                "application/json", Map.of());
    }

    private static Map<String, Object> allocation(Object hours, String period, Object carryOver) {
        Map<String, Object> body = new HashMap<>();
        body.put("hours", hours);
        body.put("period", period);
        body.put("carryOverHours", carryOver);
        return body;
    }

    private List<JsonNode> ledger(String userId) {
        return Accounts.ledger(http, "/api/v1/admin/users/" + userId + "/ledger", admin());
    }

    private Response user(String userId) {
        return http.get("/api/v1/admin/users/" + userId, admin());
    }

    @Test
    void putThenTheViewShowsTheAllocationWithTheNextPeriodStartAndNothingIsRefilled() {
        String id = http.register(TestHttp.uniqueName("put"));

        Response put = putAllocation(id, allocation(100, "MONTHLY", 5));

        assertThat(put.status()).as(put.body()).isEqualTo(200);
        JsonNode given = put.json().get("allocation");
        assertThat(given.get("hours").decimalValue()).isEqualByComparingTo("100");
        assertThat(given.get("period").asString()).isEqualTo("MONTHLY");
        assertThat(given.get("carryOverHours").decimalValue()).isEqualByComparingTo("5");
        assertThat(Instant.parse(given.get("nextRefillAt").asString())).isEqualTo(Instant.parse("2020-02-01T00:00:00Z"));
        assertThat(put.decimal("quotaHours")).isEqualByComparingTo("10");
        assertThat(put.json().get("lowBalanceHours").isNull()).isTrue();
        assertThat(user(id).json().get("allocation")).isEqualTo(given);
        assertThat(ledger(id)).extracting(entry -> entry.get("kind").asString()).containsExactly("INITIAL_GRANT");

        Response weekly = putAllocation(id, Map.of("hours", 2.5, "period", "WEEKLY"));
        assertThat(weekly.status()).as(weekly.body()).isEqualTo(200);
        assertThat(weekly.json().get("allocation").get("carryOverHours").decimalValue()).as("default 0").isZero();
        assertThat(Instant.parse(weekly.json().get("allocation").get("nextRefillAt").asString()))
            .as("the Monday after Thursday 16 January").isEqualTo(Instant.parse("2020-01-20T00:00:00Z"));
    }

    @Test
    void periodStartThenOneRefillBySystemKeepingTheCarryOverAndTheNextStartIsScheduled() {
        String id = http.register(TestHttp.uniqueName("refill"));
        putAllocation(id, allocation(100, "MONTHLY", 4));

        clock.set(Instant.parse("2020-01-31T23:59:59.999Z"));
        scheduler.refillDue();
        assertThat(ledger(id)).as("not yet due").hasSize(1);

        clock.set(Instant.parse("2020-02-01T00:00:30Z"));
        double scheduledBefore = refills("scheduled");
        scheduler.refillDue();
        scheduler.refillDue();
        assertThat(refills("scheduled")).isGreaterThanOrEqualTo(scheduledBefore + 1);

        List<JsonNode> entries = ledger(id);
        assertThat(entries).hasSize(2);
        JsonNode refill = entries.get(1);
        assertThat(refill.get("kind").asString()).isEqualTo("PERIOD_REFILL");
        assertThat(refill.get("deltaHours").decimalValue()).isEqualByComparingTo("94"); // min(10, 4) + 100 - 10
        assertThat(refill.get("balanceAfter").decimalValue()).isEqualByComparingTo("104");
        assertThat(refill.get("by").asString()).isEqualTo("system");
        Response view = user(id);
        assertThat(view.decimal("quotaHours")).isEqualByComparingTo("104");
        assertThat(Instant.parse(view.json().get("allocation").get("nextRefillAt").asString()))
            .isEqualTo(Instant.parse("2020-03-01T00:00:00Z"));
    }

    @Test
    void periodStartWhenUnusedHoursExceedTheCarryOverThenTheyExpireInOneNegativeEntry() {
        String id = http.register(TestHttp.uniqueName("expire"));
        http.post("/api/v1/admin/users/" + id + "/quota-adjustments", admin(), Map.of("deltaHours", 40));
        putAllocation(id, allocation(20, "WEEKLY", 5));

        clock.set(Instant.parse("2020-01-20T00:00:00Z"));
        scheduler.refillDue();

        JsonNode refill = ledger(id).getLast();
        assertThat(refill.get("kind").asString()).isEqualTo("PERIOD_REFILL");
        assertThat(refill.get("deltaHours").decimalValue()).isEqualByComparingTo("-25"); // min(50, 5) + 20 - 50
        assertThat(user(id).decimal("quotaHours")).isEqualByComparingTo("25");
    }

    @Test
    void serviceDownForThreePeriodsThenOneRefillAndTheNextStartIsTheFirstAfterNow() {
        String id = http.register(TestHttp.uniqueName("down"));
        putAllocation(id, allocation(30, "MONTHLY", 0));

        clock.set(Instant.parse("2020-04-12T15:00:00Z")); // February, March and April started meanwhile
        scheduler.refillDue();
        scheduler.refillDue();

        List<JsonNode> entries = ledger(id);
        assertThat(entries).extracting(entry -> entry.get("kind").asString()).containsExactly("INITIAL_GRANT",
                "PERIOD_REFILL");
        assertThat(user(id).decimal("quotaHours")).isEqualByComparingTo("30");
        assertThat(Instant.parse(user(id).json().get("allocation").get("nextRefillAt").asString()))
            .isEqualTo(Instant.parse("2020-05-01T00:00:00Z"));
    }

    @Test
    void refillWhenNothingChangesThenNoEntryButTheNextStartMovesOn() {
        String id = http.register(TestHttp.uniqueName("same"));
        putAllocation(id, allocation(10, "WEEKLY", 0)); // min(10, 0) + 10 = 10: the balance already

        clock.set(Instant.parse("2020-01-20T00:00:01Z"));
        scheduler.refillDue();

        assertThat(ledger(id)).hasSize(1);
        assertThat(Instant.parse(user(id).json().get("allocation").get("nextRefillAt").asString()))
            .isEqualTo(Instant.parse("2020-01-27T00:00:00Z"));
    }

    @Test
    void manualRefillThenByTheAdminNowAndTheScheduledStartStays() {
        String id = http.register(TestHttp.uniqueName("manual"));
        putAllocation(id, allocation(50, "MONTHLY", 0));
        clock.advance(Duration.ofHours(1));
        double manualBefore = refills("manual");

        Response refilled = http.post("/api/v1/admin/users/" + id + "/allocation/refill", admin(), null);

        assertThat(refilled.status()).as(refilled.body()).isEqualTo(200);
        assertThat(refills("manual")).isEqualTo(manualBefore + 1);
        assertThat(refilled.decimal("quotaHours")).isEqualByComparingTo("50");
        assertThat(Instant.parse(refilled.json().get("allocation").get("nextRefillAt").asString()))
            .isEqualTo(Instant.parse("2020-02-01T00:00:00Z"));
        JsonNode refill = ledger(id).getLast();
        assertThat(refill.get("kind").asString()).isEqualTo("PERIOD_REFILL");
        assertThat(refill.get("deltaHours").decimalValue()).isEqualByComparingTo("40");
        assertThat(refill.get("by").asString()).isEqualTo("allocadmin");
    }

    @Test
    void manualRefillWithoutAllocationThenNoAllocationAndUnknownUserNotFound() {
        String id = http.register(TestHttp.uniqueName("noalloc"));

        assertProblem(http.post("/api/v1/admin/users/" + id + "/allocation/refill", admin(), null), 409,
                "NO_ALLOCATION");
        assertProblem(http.post("/api/v1/admin/users/00000000-0000-0000-0000-000000000001/allocation/refill", admin(),
                null), 404, "NOT_FOUND");
        assertProblem(putAllocation("00000000-0000-0000-0000-000000000001", allocation(1, "WEEKLY", 0)), 404,
                "NOT_FOUND");
        assertProblem(http.delete("/api/v1/admin/users/00000000-0000-0000-0000-000000000001/allocation", admin()), 404,
                "NOT_FOUND");
        assertThat(ledger(id)).hasSize(1);
    }

    @Test
    void deleteThenNoAllocationAndNoMoreRefills() {
        String id = http.register(TestHttp.uniqueName("del"));
        putAllocation(id, allocation(100, "WEEKLY", 0));

        Response deleted = http.delete("/api/v1/admin/users/" + id + "/allocation", admin());
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(http.delete("/api/v1/admin/users/" + id + "/allocation", admin()).status()).as("idempotent")
            .isEqualTo(204);

        clock.set(Instant.parse("2020-02-20T00:00:00Z"));
        scheduler.refillDue();
        assertThat(user(id).json().get("allocation").isNull()).isTrue();
        assertThat(ledger(id)).hasSize(1);
        assertProblem(http.post("/api/v1/admin/users/" + id + "/allocation/refill", admin(), null), 409,
                "NO_ALLOCATION");
    }

    @Test
    void allocationEndpointsWhenCalledByAUserThenForbidden() {
        String id = http.register(TestHttp.uniqueName("plain"));
        String token = http.login(http.get("/api/v1/admin/users/" + id, admin()).text("username"));

        assertProblem(http.send("PUT", "/api/v1/admin/users/" + id + "/allocation", token,
                TestHttp.json(allocation(1, "WEEKLY", 0)), "application/json", Map.of()), 403, "FORBIDDEN");
        assertProblem(http.post("/api/v1/admin/users/" + id + "/allocation/refill", token, null), 403, "FORBIDDEN");
        assertProblem(http.delete("/api/v1/admin/users/" + id + "/allocation", token), 403, "FORBIDDEN");
    }

    @Test
    void refundOfAJobChargedBeforeTheRefillThenCappedAtHoursPlusCarryOver() {
        String name = TestHttp.uniqueName("cap");
        String id = http.register(name);
        String token = http.login(name);
        putAllocation(id, allocation(10, "MONTHLY", 2));
        Response submitted = http.post("/api/v1/jobs", token, Map.of("name", "held", "gpuHours", 6));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        Response after = http.post("/api/v1/jobs", token, Map.of("name", "after", "gpuHours", 1));

        clock.set(Instant.parse("2020-02-01T00:00:00Z"));
        scheduler.refillDue(); // balance 3 -> min(3, 2) + 10 = 12
        Response laterJob = http.post("/api/v1/jobs", http.login(name), Map.of("name", "later", "gpuHours", 1.5));
        assertThat(laterJob.status()).as(laterJob.body()).isEqualTo(201); // 10.50 left

        Response rejected = http.patch("/api/v1/jobs/" + submitted.text("id") + "/status", admin(),
                Map.of("status", "REJECTED"));
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
        assertThat(user(id).decimal("quotaHours")).as("6 asked back, 1.50 fit under 10 + 2").isEqualByComparingTo("12");
        JsonNode refund = ledger(id).getLast();
        assertThat(refund.get("kind").asString()).isEqualTo("JOB_REFUND");
        assertThat(refund.get("deltaHours").decimalValue()).isEqualByComparingTo("1.5");

        // At the cap: a refund of a job charged before the refill writes nothing at all.
        assertThat(http.patch("/api/v1/jobs/" + after.text("id") + "/status", admin(), Map.of("status", "REJECTED"))
            .status()).isEqualTo(200);
        assertThat(ledger(id).getLast().get("kind").asString()).isEqualTo("JOB_REFUND");
        assertThat(ledger(id)).hasSize(6);

        // A job charged after the refill is refunded in full, above the cap.
        assertThat(http.patch("/api/v1/jobs/" + laterJob.text("id") + "/status", admin(), Map.of("status", "REJECTED"))
            .status()).isEqualTo(200);
        assertThat(user(id).decimal("quotaHours")).isEqualByComparingTo("13.5");
        assertThat(ledger(id)).hasSize(7);
    }

    @Test
    void patchLowBalanceHoursThenSetClearedToTheDefaultAndLeftAsItIsWhenAbsent() {
        String id = http.register(TestHttp.uniqueName("low"));

        Response set = http.patch("/api/v1/admin/users/" + id, admin(), Map.of("lowBalanceHours", 7.5));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.decimal("lowBalanceHours")).isEqualByComparingTo("7.5");

        Response untouched = http.patch("/api/v1/admin/users/" + id, admin(), Map.of("enabled", true));
        assertThat(untouched.decimal("lowBalanceHours")).isEqualByComparingTo("7.5");
        assertThat(user(id).decimal("lowBalanceHours")).isEqualByComparingTo("7.5");

        Map<String, Object> toDefault = new HashMap<>();
        toDefault.put("lowBalanceHours", null);
        Response cleared = http.patch("/api/v1/admin/users/" + id, admin(), toDefault);
        assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
        assertThat(cleared.json().get("lowBalanceHours").isNull()).isTrue();

        assertThat(http.patch("/api/v1/admin/users/" + id, admin(), Map.of("lowBalanceHours", 0)).decimal("lowBalanceHours"))
            .isZero();
    }

    @Test
    void chargeWhenItCrossesTheUsersOwnThresholdThenQuotaLowWithThatThreshold() {
        try (WebhookSubscription subscribed = WebhookSubscription.to(jdbc, "quota.low")) {
            chargeAcrossTheUsersOwnThreshold();
        }
    }

    private void chargeAcrossTheUsersOwnThreshold() {
        String name = TestHttp.uniqueName("thresh");
        String id = http.register(name);
        String token = http.login(name);
        http.patch("/api/v1/admin/users/" + id, admin(), Map.of("lowBalanceHours", 5));

        assertThat(http.post("/api/v1/jobs", token, Map.of("name", "above", "gpuHours", 4)).status()).isEqualTo(201);
        assertThat(quotaLowEvents(id)).as("6 left: above 5").isEmpty();
        assertThat(http.post("/api/v1/jobs", token, Map.of("name", "below", "gpuHours", 2)).status()).isEqualTo(201);

        List<String> events = quotaLowEvents(id);
        assertThat(events).hasSize(1);
        JsonNode data = JSON.readTree(events.getFirst());
        assertThat(data.get("balance").decimalValue()).isEqualByComparingTo("4");
        assertThat(data.get("lowBalanceHours").decimalValue()).isEqualByComparingTo("5");
        assertThat(data.get("account").get("type").asString()).isEqualTo("USER");
    }

    @Test
    void chargeWhenTheDefaultThresholdIsNotCrossedThenNoQuotaLowEvenBelowTheUsersFormerThreshold() {
        String name = TestHttp.uniqueName("nothresh");
        String id = http.register(name);
        String token = http.login(name);
        http.patch("/api/v1/admin/users/" + id, admin(), Map.of("lowBalanceHours", 5));
        Map<String, Object> toDefault = new HashMap<>();
        toDefault.put("lowBalanceHours", null);
        http.patch("/api/v1/admin/users/" + id, admin(), toDefault);

        assertThat(http.post("/api/v1/jobs", token, Map.of("name", "spend", "gpuHours", 8)).status()).isEqualTo(201);

        assertThat(quotaLowEvents(id)).as("2 left: above the default 1").isEmpty();
    }

    /** The refill counter that /actuator/prometheus exports as gaas_quota_refills_total. */
    private static double refills(String trigger) {
        return Metrics.globalRegistry.counter("gaas.quota.refills", "trigger", trigger).count();
    }

    private List<String> quotaLowEvents(String userId) {
        return jdbc.sql("SELECT payload FROM webhook_events WHERE type = 'quota.low' AND payload LIKE :id")
            .param("id", "%" + userId + "%")
            .query(String.class)
            .list();
    }

    @Test
    void viewsShowAllocationAndThresholdInEveryUserView() {
        String name = TestHttp.uniqueName("views");
        String id = http.register(name);
        putAllocation(id, allocation(new BigDecimal("12.25"), "WEEKLY", 1));
        http.patch("/api/v1/admin/users/" + id, admin(), Map.of("lowBalanceHours", 3));

        JsonNode me = http.get("/api/v1/users/me", http.login(name)).json();
        assertThat(me.get("allocation").get("hours").decimalValue()).isEqualByComparingTo("12.25");
        assertThat(me.get("lowBalanceHours").decimalValue()).isEqualByComparingTo("3");
        JsonNode listed = null;
        for (int page = 0; listed == null; page++) {
            Response list = http.get("/api/v1/admin/users?size=100&page=" + page, admin());
            assertThat(list.json().get("content").size()).as("user listed").isPositive();
            listed = list.json().get("content").valueStream().filter(u -> u.get("id").asString().equals(id)).findFirst()
                .orElse(null);
        }
        assertThat(listed.get("allocation")).isEqualTo(me.get("allocation"));
        assertThat(listed.get("lowBalanceHours").decimalValue()).isEqualByComparingTo("3");
    }
}
