package io.gaas.project;

import static io.gaas.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
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

import io.gaas.quota.QuotaService;
import io.gaas.support.Accounts;
import io.gaas.support.MutableClock;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;
import tools.jackson.databind.JsonNode;

/**
 * A project's allocation over HTTP, with a clock the tests move by hand and the scheduler's work
 * run by the test: the project view shows it, a refill (scheduled or manual) refills the project's
 * account and starts every member's spending window again, and a user's id is not a project's. On
 * H2 here; {@link ProjectAllocationPostgresIntegrationTests} runs the same on PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=projallocadmin", "gaas.admin.password=" + TestHttp.PASSWORD,
                "gaas.quota.refill-poll=PT1000H", "gaas.quota.refill-initial-delay=PT1000H",
                "gaas.registration.per-hour=10000" })
@Import(ProjectAllocationIntegrationTests.Clocks.class)
class ProjectAllocationIntegrationTests {

    /**
     * A Wednesday, years before the real clock, so that these projects are older than those other
     * tests on the shared database list newest first; no context refills on its own schedule in tests.
     */
    static final Instant START = Instant.parse("2022-05-18T10:00:00Z");

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
    QuotaService quota;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;

    @BeforeEach
    void setUp() {
        clock.set(START);
        http = new TestHttp(port);
    }

    private String admin() {
        return http.login("projallocadmin");
    }

    private String project(Object initialHours) {
        Response created = http.post("/api/v1/admin/projects", admin(),
                Map.of("name", ProjectFlowIntegrationTests.projectName(), "initialHours", initialHours));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("id");
    }

    private Response put(String projectId, Object body) {
        return http.send("PUT", "/api/v1/admin/projects/" + projectId + "/allocation", admin(), TestHttp.json(body),
                "application/json", Map.of());
    }

    private String member(String projectId) {
        String name = TestHttp.uniqueName("m");
        http.register(name);
        Response added = http.send("PUT", "/api/v1/projects/" + projectId + "/members/" + name, admin(),
                TestHttp.json(Map.of("role", "MEMBER", "capHours", 10)), "application/json", Map.of());
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return name;
    }

    /** What the member has spent, as the job feature would have recorded it. */
    private void spent(String projectId, String username, String hours) {
        jdbc.sql("""
                UPDATE project_members SET spent_hours = :hours
                WHERE project_id = :project AND user_id = (SELECT id FROM users WHERE username = :name)""")
            .param("hours", new BigDecimal(hours))
            .param("project", UUID.fromString(projectId))
            .param("name", username)
            .update();
    }

    private List<JsonNode> members(String projectId) {
        Response members = http.get("/api/v1/projects/" + projectId + "/members?size=100", admin());
        assertThat(members.status()).as(members.body()).isEqualTo(200);
        return members.json().get("content").valueStream().toList();
    }

    private Instant windowStart(String projectId, String username) {
        return jdbc.sql("""
                SELECT m.window_start FROM project_members m JOIN users u ON u.id = m.user_id
                WHERE m.project_id = :project AND u.username = :name""")
            .param("project", UUID.fromString(projectId))
            .param("name", username)
            .query(OffsetDateTime.class)
            .single()
            .toInstant();
    }

    private void runScheduler() {
        while (quota.refillNextDue()) {
            // one account per transaction, until none is due
        }
    }

    @Test
    void putThenTheProjectViewShowsTheAllocationAndNothingIsRefilled() {
        String id = project(30);

        Response put = put(id, Map.of("hours", 120, "period", "WEEKLY", "carryOverHours", 10));

        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.text("id")).isEqualTo(id);
        JsonNode allocation = put.json().get("allocation");
        assertThat(allocation.get("hours").decimalValue()).isEqualByComparingTo("120");
        assertThat(allocation.get("period").asString()).isEqualTo("WEEKLY");
        assertThat(allocation.get("carryOverHours").decimalValue()).isEqualByComparingTo("10");
        // Wednesday 18 May 2022 -> Monday 23 May
        assertThat(Instant.parse(allocation.get("nextRefillAt").asString())).isEqualTo(Instant.parse("2022-05-23T00:00:00Z"));
        assertThat(put.decimal("quotaHours")).isEqualByComparingTo("30");
        assertThat(http.get("/api/v1/projects/" + id, admin()).json().get("allocation")).isEqualTo(allocation);
        assertThat(Accounts.ledger(http, "/api/v1/projects/" + id + "/ledger", admin())).hasSize(1);
    }

    @Test
    void periodStartThenTheProjectIsRefilledBySystemAndEveryMembersSpendingStartsAgain() {
        String id = project(50);
        String alice = member(id);
        String bob = member(id);
        spent(id, alice, "7.5");
        spent(id, bob, "2");
        put(id, Map.of("hours", 100, "period", "MONTHLY", "carryOverHours", 20));

        clock.set(Instant.parse("2022-06-01T00:00:02Z"));
        runScheduler();

        List<JsonNode> ledger = Accounts.ledger(http, "/api/v1/projects/" + id + "/ledger", admin());
        JsonNode refill = ledger.getLast();
        assertThat(refill.get("kind").asString()).isEqualTo("PERIOD_REFILL");
        assertThat(refill.get("deltaHours").decimalValue()).isEqualByComparingTo("70"); // min(50, 20) + 100 - 50
        assertThat(refill.get("by").asString()).isEqualTo("system");
        assertThat(http.get("/api/v1/projects/" + id, admin()).decimal("quotaHours")).isEqualByComparingTo("120");
        assertThat(members(id)).allSatisfy(member -> assertThat(member.get("spentHours").decimalValue()).isZero());
        assertThat(windowStart(id, alice)).isEqualTo(Instant.parse("2022-06-01T00:00:02Z"));
    }

    @Test
    void refillWhenTheBalanceStaysThenNoEntryButTheMembersWindowsStillStartAgain() {
        String id = project(100);
        String alice = member(id);
        spent(id, alice, "4");
        put(id, Map.of("hours", 100, "period", "MONTHLY"));

        clock.set(Instant.parse("2022-06-01T00:00:00Z"));
        runScheduler();

        assertThat(Accounts.ledger(http, "/api/v1/projects/" + id + "/ledger", admin())).hasSize(1);
        assertThat(members(id).getFirst().get("spentHours").decimalValue()).isZero();
    }

    @Test
    void manualRefillThenByTheAdminWithMembersWindowsRestartedAndTheScheduleKept() {
        String id = project(0);
        String alice = member(id);
        spent(id, alice, "3");
        put(id, Map.of("hours", 40, "period", "WEEKLY"));
        clock.advance(java.time.Duration.ofMinutes(5));

        Response refilled = http.post("/api/v1/admin/projects/" + id + "/allocation/refill", admin(), null);

        assertThat(refilled.status()).as(refilled.body()).isEqualTo(200);
        assertThat(refilled.decimal("quotaHours")).isEqualByComparingTo("40");
        assertThat(Instant.parse(refilled.json().get("allocation").get("nextRefillAt").asString()))
            .isEqualTo(Instant.parse("2022-05-23T00:00:00Z"));
        JsonNode refill = Accounts.ledger(http, "/api/v1/projects/" + id + "/ledger", admin()).getLast();
        assertThat(refill.get("kind").asString()).isEqualTo("PERIOD_REFILL");
        assertThat(refill.get("by").asString()).isEqualTo("projallocadmin");
        assertThat(members(id).getFirst().get("spentHours").decimalValue()).isZero();
        assertThat(windowStart(id, alice)).isEqualTo(START.plusSeconds(300));
    }

    @Test
    void deleteThenNoAllocationNoRefillAndAManualRefillIsNoAllocation() {
        String id = project(5);
        put(id, Map.of("hours", 40, "period", "WEEKLY"));

        assertThat(http.delete("/api/v1/admin/projects/" + id + "/allocation", admin()).status()).isEqualTo(204);
        clock.set(Instant.parse("2022-07-01T00:00:00Z"));
        runScheduler();

        Response view = http.get("/api/v1/projects/" + id, admin());
        assertThat(view.json().get("allocation").isNull()).isTrue();
        assertThat(view.decimal("quotaHours")).isEqualByComparingTo("5");
        assertProblem(http.post("/api/v1/admin/projects/" + id + "/allocation/refill", admin(), null), 409,
                "NO_ALLOCATION");
    }

    @Test
    void projectEndpointsWhenTheIdIsAUsersOrUnknownThenNotFoundAndTheUserIsUntouched() {
        String userId = http.register(TestHttp.uniqueName("notproj"));
        Map<String, Object> body = Map.of("hours", 40, "period", "WEEKLY");

        for (String id : List.of(userId, UUID.randomUUID().toString())) {
            assertProblem(put(id, body), 404, "NOT_FOUND");
            assertProblem(http.post("/api/v1/admin/projects/" + id + "/allocation/refill", admin(), null), 404,
                    "NOT_FOUND");
            assertProblem(http.delete("/api/v1/admin/projects/" + id + "/allocation", admin()), 404, "NOT_FOUND");
        }
        assertThat(http.get("/api/v1/admin/users/" + userId, admin()).json().get("allocation").isNull()).isTrue();
    }

    @Test
    void projectEndpointsWhenAManagerCallsThemThenForbidden() {
        String id = project(5);
        String manager = TestHttp.uniqueName("mgr");
        http.register(manager);
        http.send("PUT", "/api/v1/projects/" + id + "/members/" + manager, admin(),
                TestHttp.json(Map.of("role", "MANAGER")), "application/json", Map.of());
        String token = http.login(manager);

        assertProblem(http.send("PUT", "/api/v1/admin/projects/" + id + "/allocation", token,
                TestHttp.json(Map.of("hours", 40, "period", "WEEKLY")), "application/json", Map.of()), 403, "FORBIDDEN");
        assertProblem(http.post("/api/v1/admin/projects/" + id + "/allocation/refill", token, null), 403, "FORBIDDEN");
        assertProblem(http.delete("/api/v1/admin/projects/" + id + "/allocation", token), 403, "FORBIDDEN");
    }

    @Test
    void putWhenInputIsBadThenValidationFailedAndNothingGiven() {
        String id = project(5);

        Response bad = http.hostile().send("PUT", "/api/v1/admin/projects/" + id + "/allocation", admin(),
                "{\"hours\":-1,\"period\":\"DAILY\",\"carryOverHours\":2.505}", "application/json", Map.of());

        assertProblem(bad, 400, "VALIDATION_FAILED");
        assertThat(io.gaas.support.Problems.errorFields(bad)).containsExactlyInAnyOrder("hours", "period",
                "carryOverHours");
        assertThat(http.get("/api/v1/projects/" + id, admin()).json().get("allocation").isNull()).isTrue();
    }
}
