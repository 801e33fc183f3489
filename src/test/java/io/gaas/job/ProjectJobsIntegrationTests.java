package io.gaas.job;

import static io.gaas.support.Problems.assertProblem;
import static io.gaas.support.Problems.errorFields;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gaas.support.Accounts;
import io.gaas.support.ProjectRows;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;
import io.gaas.support.WebhookSubscription;
import tools.jackson.databind.JsonNode;

/**
 * Jobs charged to projects over real HTTP: the submission and each of its refusals, refunds that
 * lower the member's spending, the managers' powers and their limits, the {@code ?project=} filter
 * and the project report. Projects and members are made through the API; only what the API does not
 * do (a new spending window, as a refill starts one) is written with SQL (see {@link ProjectRows}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=projadmin", "gaas.admin.password=" + TestHttp.PASSWORD })
class ProjectJobsIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;
    String admin;

    String projectName;
    UUID project;
    String alice;
    String aliceName;
    UUID aliceId;
    String bob;
    String bobName;
    UUID bobId;
    String mia;
    String miaName;
    UUID miaId;
    String outsider;

    /** The admin of the context this class runs in (see the properties above). */
    String adminUsername() {
        return "projadmin";
    }

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        admin = http.login(adminUsername());
        projectName = TestHttp.uniqueName("lab").toLowerCase();
        Response created = http.post("/api/v1/admin/projects", admin, Map.of("name", projectName, "initialHours", 20));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        project = UUID.fromString(created.text("id"));
        aliceName = TestHttp.uniqueName("alice");
        alice = http.registerAndLogin(aliceName);
        aliceId = idOf(alice);
        bobName = TestHttp.uniqueName("bob");
        bob = http.registerAndLogin(bobName);
        bobId = idOf(bob);
        miaName = TestHttp.uniqueName("mia");
        mia = http.registerAndLogin(miaName);
        miaId = idOf(mia);
        outsider = http.registerAndLogin(TestHttp.uniqueName("out"));
        putMember(aliceName, Map.of("role", "MEMBER", "capHours", 5));
        putMember(bobName, Map.of("role", "MEMBER"));
        putMember(miaName, Map.of("role", "MANAGER"));
    }

    // --- submission

    @Test
    void submitToProjectThenChargesTheProjectNotTheMemberAndShowsTheProject() {
        Response submitted = submit(alice, "2.5", projectName.toUpperCase());

        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        assertThat(submitted.json().get("project").get("id").asString()).isEqualTo(project.toString());
        assertThat(submitted.json().get("project").get("name").asString()).isEqualTo(projectName);
        assertThat(Accounts.balance(http, alice)).isEqualByComparingTo("10");
        assertThat(projectBalance()).isEqualByComparingTo("17.50");
        assertThat(ProjectRows.ledgerSum(jdbc, project)).isEqualByComparingTo("17.50");
        assertThat(spentHours(aliceName)).isEqualByComparingTo("2.50");
        assertThat(Accounts.ledger(http, alice)).extracting(entry -> entry.get("kind").asString())
            .containsExactly("INITIAL_GRANT");
        Map<String, Object> entry = jdbc.sql("""
                SELECT kind, delta_hours, actor, job_id FROM quota_ledger WHERE account_id = :project ORDER BY seq DESC
                LIMIT 1""").param("project", project).query().singleRow();
        assertThat(entry.get("kind")).isEqualTo("JOB_CHARGE");
        assertThat((BigDecimal) entry.get("delta_hours")).isEqualByComparingTo("-2.50");
        assertThat(entry.get("job_id").toString()).isEqualTo(submitted.text("id"));

        Response personal = submit(alice, "1", null);
        assertThat(personal.status()).isEqualTo(201);
        assertThat(personal.json().get("project").isNull()).isTrue();
        assertThat(Accounts.balance(http, alice)).isEqualByComparingTo("9");
        assertThat(http.get("/api/v1/jobs/" + submitted.text("id"), alice).json().get("project").get("name").asString())
            .isEqualTo(projectName);
    }

    @Test
    void submitWithProjectNullThenChargedToTheSubmitterAsWithoutIt() {
        Map<String, Object> body = body("1.5", null);
        body.put("project", null);

        Response submitted = http.post("/api/v1/jobs", alice, body);

        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        assertThat(submitted.json().get("project").isNull()).isTrue();
        assertThat(Accounts.balance(http, alice)).isEqualByComparingTo("8.5");
        assertThat(projectBalance()).isEqualByComparingTo("20");
    }

    @Test
    void submitToProjectWhenNotAMemberOrNoSuchProjectThenTheSame400OnProjectAndNothingCharged() {
        Response notMember = submit(outsider, "1", projectName);
        Response noSuchProject = submit(alice, "1", "no-such-" + projectName);

        for (Response refused : List.of(notMember, noSuchProject)) {
            assertProblem(refused, 400, "VALIDATION_FAILED");
            assertThat(errorFields(refused)).containsExactly("project");
        }
        assertThat(notMember.json().get("detail")).isEqualTo(noSuchProject.json().get("detail"));
        assertThat(projectBalance()).isEqualByComparingTo("20");
        assertThat(Accounts.balance(http, outsider)).isEqualByComparingTo("10");
    }

    @Test
    void submitToDisabledProjectThen409AndNothingCharged() {
        assertThat(http.patch("/api/v1/admin/projects/" + project, admin, Map.of("enabled", false)).status())
            .isEqualTo(200);

        assertProblem(submit(bob, "1", projectName), 409, "PROJECT_DISABLED");

        assertThat(projectBalance()).isEqualByComparingTo("20");
        assertThat(spentHours(bobName)).isEqualByComparingTo("0");
    }

    @Test
    void submitWhenProjectHasNotTheHoursThenInsufficientQuotaOfTheProjectsAccountEvenIfTheMemberHasThem() {
        Response refused = submit(bob, "20.01", projectName);

        assertProblem(refused, 400, "INSUFFICIENT_QUOTA");
        assertThat(refused.decimal("requested")).isEqualByComparingTo("20.01");
        assertThat(refused.decimal("remaining")).isEqualByComparingTo("20.00");
        assertThat(spentHours(bobName)).isEqualByComparingTo("0");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM gpu_jobs WHERE owner_id = :bob").param("bob", bobId)
            .query(Long.class).single()).isZero();
    }

    @Test
    void submitPastTheCapThenCapExceededWithCapAndSpentAndTheChargeIsRolledBack() {
        assertThat(submit(alice, "4", projectName).status()).isEqualTo(201);

        Response refused = submit(alice, "1.01", projectName);

        assertProblem(refused, 400, "CAP_EXCEEDED");
        assertThat(refused.decimal("capHours")).isEqualByComparingTo("5.00");
        assertThat(refused.decimal("spentHours")).isEqualByComparingTo("4.00");
        assertThat(projectBalance()).isEqualByComparingTo("16.00");
        assertThat(ProjectRows.ledgerSum(jdbc, project)).isEqualByComparingTo("16.00");
        assertThat(spentHours(aliceName)).isEqualByComparingTo("4.00");
        // Exactly up to the cap is allowed.
        assertThat(submit(alice, "1", projectName).status()).isEqualTo(201);
        assertThat(spentHours(aliceName)).isEqualByComparingTo("5.00");
    }

    @Test
    void submitToProjectWithIdempotencyKeyThenReplayChargesOnceAndAnotherProjectIsRefused() {
        Map<String, Object> body = body("2", projectName);
        Map<String, String> key = Map.of("Idempotency-Key", "pj-" + UUID.randomUUID());

        Response first = http.post("/api/v1/jobs", bob, body, key);
        Response replay = http.post("/api/v1/jobs", bob, body, key);
        Response personal = http.post("/api/v1/jobs", bob, body("2", null), key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.text("id")).isEqualTo(first.text("id"));
        assertProblem(personal, 422, "IDEMPOTENCY_KEY_REUSED");
        assertThat(projectBalance()).isEqualByComparingTo("18.00");
        assertThat(spentHours(bobName)).isEqualByComparingTo("2.00");
        assertThat(Accounts.balance(http, bob)).isEqualByComparingTo("10");
    }

    // --- refunds

    @Test
    void refundsGoBackToTheProjectAndLowerTheMembersSpending() {
        String cancelled = submit(alice, "2", projectName).text("id");
        String completed = submit(alice, "3", projectName).text("id");

        assertThat(http.post("/api/v1/jobs/" + cancelled + "/cancel", alice, null).status()).isEqualTo(200);
        assertThat(spentHours(aliceName)).isEqualByComparingTo("3.00");
        patch(admin, completed, Map.of("status", "APPROVED"), 200);
        patch(admin, completed, Map.of("status", "PROCESSING"), 200);
        patch(admin, completed, Map.of("status", "COMPLETED", "usedHours", 1.25), 200);

        assertThat(spentHours(aliceName)).isEqualByComparingTo("1.25");
        assertThat(projectBalance()).isEqualByComparingTo("18.75");
        assertThat(ProjectRows.ledgerSum(jdbc, project)).isEqualByComparingTo("18.75");
        assertThat(Accounts.balance(http, alice)).isEqualByComparingTo("10");
        // What the refund freed can be spent again, up to the cap.
        assertThat(submit(alice, "3.75", projectName).status()).isEqualTo(201);
    }

    @Test
    void managerStopsARunningJobAndTheWorkersFinishRefundsTheProjectAndLowersTheSpending() {
        String pool = TestHttp.uniqueName("p").toLowerCase();
        jdbc.sql("""
                INSERT INTO pools (id, name, description, gpus, weight, auto_approve_hours, enabled, gpus_in_use,
                                   created_at, version)
                VALUES (:id, :name, NULL, 4, 1, NULL, TRUE, 0, :at, 0)""")
            .param("id", UUID.randomUUID())
            .param("name", pool)
            .param("at", Instant.parse("2026-01-01T00:00:00Z").atOffset(java.time.ZoneOffset.UTC))
            .update();
        Response worker = http.post("/api/v1/admin/workers", admin,
                Map.of("name", TestHttp.uniqueName("w").toLowerCase(), "pool", pool, "gpus", 4));
        assertThat(worker.status()).as(worker.body()).isEqualTo(201);
        String workerToken = worker.text("token");
        Map<String, Object> body = body("2", projectName);
        body.put("pool", pool);
        body.put("command", List.of("python", "train.py"));
        String job = http.post("/api/v1/jobs", alice, body).text("id");
        patch(mia, job, Map.of("status", "APPROVED"), 200);
        Response claimed = http.post("/api/v1/worker/claim", workerToken, Map.of("freeGpus", 4, "waitSeconds", 0));
        assertThat(claimed.status()).as(claimed.body()).isEqualTo(200);

        Response stop = http.post("/api/v1/jobs/" + job + "/stop", mia, null);
        assertThat(stop.status()).as(stop.body()).isEqualTo(202);
        assertThat(http.post("/api/v1/worker/jobs/" + job + "/heartbeat", workerToken, null).status()).isEqualTo(200);
        Map<String, Object> finish = new LinkedHashMap<>();
        finish.put("exitCode", 143);
        finish.put("runSeconds", new BigDecimal("1800"));
        finish.put("output", "stopped");
        Response finished = http.post("/api/v1/worker/jobs/" + job + "/finish", workerToken, finish);
        assertThat(finished.status()).as(finished.body()).isEqualTo(200);

        Response ended = http.get("/api/v1/jobs/" + job, mia);
        assertThat(ended.text("status")).isEqualTo("FAILED");
        assertThat(ended.json().get("history").get(3).get("reason").asString()).isEqualTo("stopped by " + miaName);
        // Charged for the time since the claim (a moment, rounded up to 0.01), the rest refunded.
        BigDecimal charged = ended.decimal("chargedHours");
        assertThat(charged).isPositive().isLessThan(new BigDecimal("2"));
        assertThat(spentHours(aliceName)).isEqualByComparingTo(charged);
        assertThat(projectBalance()).isEqualByComparingTo(new BigDecimal("20").subtract(charged));
        assertThat(ProjectRows.ledgerSum(jdbc, project)).isEqualByComparingTo(new BigDecimal("20").subtract(charged));
    }

    @Test
    void refundOfAJobChargedBeforeTheMembersWindowLeavesTheSpendingAlone() {
        String old = submit(alice, "2", projectName).text("id");
        // A refill (or rejoining) starts a new window after the job's charge.
        ProjectRows.startWindow(jdbc, project, aliceId, Instant.now().plusSeconds(1));
        assertThat(submit(alice, "1", projectName).status()).isEqualTo(201);
        assertThat(spentHours(aliceName)).isEqualByComparingTo("1.00");

        assertThat(http.post("/api/v1/jobs/" + old + "/cancel", alice, null).status()).isEqualTo(200);

        assertThat(spentHours(aliceName)).isEqualByComparingTo("1.00");
        assertThat(projectBalance()).isEqualByComparingTo("19.00");
    }

    @Test
    void removedMembersJobsGoOnAndTheirRefundsStillReachTheProject() {
        String job = submit(bob, "4", projectName).text("id");
        assertThat(http.delete("/api/v1/projects/" + project + "/members/" + bobName, mia).status()).isEqualTo(204);

        patch(mia, job, Map.of("status", "APPROVED"), 200);
        assertThat(http.get("/api/v1/jobs/" + job, bob).status()).isEqualTo(200);
        assertThat(http.post("/api/v1/jobs/" + job + "/cancel", bob, null).status()).isEqualTo(200);

        assertThat(projectBalance()).isEqualByComparingTo("20.00");
        assertProblem(submit(bob, "1", projectName), 400, "VALIDATION_FAILED");
    }

    // --- managers

    @Test
    void managerApprovesAndRejectsTheProjectsJobsButEveryOtherTargetIsForbidden() {
        String approved = submit(alice, "1", projectName).text("id");
        String rejected = submit(bob, "2", projectName).text("id");

        Response ok;
        String event;
        try (WebhookSubscription subscribed = WebhookSubscription.to(jdbc, "job.status_changed")) {
            ok = patch(mia, approved, Map.of("status", "APPROVED", "reason", "fine"), 200);
            // The webhook event's job view (the same view) names the project too.
            event = jdbc.sql("""
                    SELECT payload FROM webhook_events WHERE type = 'job.status_changed' AND payload LIKE :job""")
                .param("job", "%" + approved + "%")
                .query(String.class)
                .single();
        }
        assertThat(ok.json().get("history").get(1).get("by").asString()).isEqualTo(miaName);
        assertThat(event).contains("\"project\":{\"id\":\"" + project + "\",\"name\":\"" + projectName + "\"}");
        patch(mia, rejected, Map.of("status", "REJECTED"), 200);
        assertThat(spentHours(bobName)).isEqualByComparingTo("0");
        assertThat(projectBalance()).isEqualByComparingTo("19.00");

        assertProblem(patch(mia, approved, Map.of("status", "PROCESSING"), 403), 403, "FORBIDDEN");
        assertThat(http.get("/api/v1/jobs/" + approved, mia).text("status")).isEqualTo("APPROVED");
        patch(admin, approved, Map.of("status", "PROCESSING"), 200);
        assertProblem(patch(mia, approved, Map.of("status", "COMPLETED"), 403), 403, "FORBIDDEN");
        assertProblem(patch(mia, approved, Map.of("status", "FAILED", "usedHours", 0.5), 403), 403, "FORBIDDEN");
    }

    @Test
    void plainMembersOutsidersAndManagersOfOtherJobsMayNotChangeStatus() {
        String job = submit(alice, "1", projectName).text("id");
        String personal = submit(mia, "1", null).text("id");
        String bobs = submit(bob, "1", null).text("id");

        assertProblem(patch(bob, job, Map.of("status", "APPROVED"), 403), 403, "FORBIDDEN");
        assertProblem(patch(alice, job, Map.of("status", "APPROVED"), 403), 403, "FORBIDDEN");
        assertProblem(patch(outsider, job, Map.of("status", "REJECTED"), 403), 403, "FORBIDDEN");
        // A manager's powers reach the project's jobs only, not the members' own.
        assertProblem(patch(mia, bobs, Map.of("status", "APPROVED"), 403), 403, "FORBIDDEN");
        assertProblem(patch(mia, personal, Map.of("status", "APPROVED"), 403), 403, "FORBIDDEN");
        assertProblem(patch(mia, UUID.randomUUID().toString(), Map.of("status", "APPROVED"), 403), 403, "FORBIDDEN");
        assertThat(http.get("/api/v1/jobs/" + job, alice).text("status")).isEqualTo("PENDING");
    }

    @Test
    void managerReadsAndStopsTheProjectsJobsButCancelsOnlyTheirOwn() {
        String job = submit(alice, "1", projectName).text("id");

        assertThat(http.get("/api/v1/jobs/" + job, mia).status()).isEqualTo(200);
        assertProblem(http.get("/api/v1/jobs/" + job, bob), 404, "NOT_FOUND");
        assertProblem(http.get("/api/v1/jobs/" + job, outsider), 404, "NOT_FOUND");
        // Readable, so the stop is judged: a job run by hand cannot be stopped.
        assertProblem(http.post("/api/v1/jobs/" + job + "/stop", mia, null), 409, "INVALID_TRANSITION");
        assertProblem(http.post("/api/v1/jobs/" + job + "/stop", bob, null), 404, "NOT_FOUND");
        assertProblem(http.post("/api/v1/jobs/" + job + "/cancel", mia, null), 403, "FORBIDDEN");
        assertProblem(http.post("/api/v1/jobs/" + job + "/cancel", bob, null), 404, "NOT_FOUND");
        assertThat(http.get("/api/v1/jobs/" + job, alice).text("status")).isEqualTo("PENDING");
    }

    @Test
    void listByProjectShowsManagersAndAdminsEveryJobAndAPlainMemberOnlyTheirOwn() {
        String alices = submit(alice, "1", projectName).text("id");
        String bobs = submit(bob, "1", projectName).text("id");
        String bobsPersonal = submit(bob, "1", null).text("id");
        String filter = "/api/v1/jobs?project=" + projectName.toUpperCase();

        assertThat(ids(http.get(filter, mia))).containsExactly(bobs, alices);
        assertThat(ids(http.get(filter, admin))).containsExactly(bobs, alices);
        assertThat(ids(http.get(filter, alice))).containsExactly(alices);
        assertThat(ids(http.get(filter, bob))).containsExactly(bobs);
        assertThat(ids(http.get("/api/v1/jobs", bob))).containsExactly(bobsPersonal, bobs);
        assertThat(ids(http.get(filter + "&status=APPROVED", mia))).isEmpty();
    }

    @Test
    void listByProjectWhenUnknownOrNotAMemberThen400OnProject() {
        Response notMember = http.get("/api/v1/jobs?project=" + projectName, outsider);
        Response unknown = http.get("/api/v1/jobs?project=nope-" + projectName, alice);
        Response adminUnknown = http.get("/api/v1/jobs?project=nope-" + projectName, admin);
        Response malformed = http.get("/api/v1/jobs?project=-", alice);

        for (Response refused : List.of(notMember, unknown, adminUnknown, malformed)) {
            assertProblem(refused, 400, "VALIDATION_FAILED");
            assertThat(errorFields(refused)).containsExactly("project");
        }
        assertThat(notMember.json().get("detail")).isEqualTo(unknown.json().get("detail"));
    }

    // --- metrics

    @Test
    void hoursChargedAndRefundedToProjectsAreCountedApartFromUsers() {
        String job = submit(bob, "2", projectName).text("id");
        assertThat(http.post("/api/v1/jobs/" + job + "/cancel", bob, null).status()).isEqualTo(200);
        submit(bob, "1", null);

        String metrics = http.get("/actuator/prometheus", null).body();

        assertThat(metrics.lines().filter(line -> line.startsWith("gaas_quota_hours_charged_total{")))
            .anyMatch(line -> line.contains("account_type=\"PROJECT\""))
            .anyMatch(line -> line.contains("account_type=\"USER\""));
        assertThat(metrics.lines().filter(line -> line.startsWith("gaas_quota_hours_refunded_total{")))
            .anyMatch(line -> line.contains("account_type=\"PROJECT\""));
    }

    // --- reports

    @Test
    void reportByProjectKeysByTheChargedProjectAndShowsManagersEveryEntryOfTheirProjects() {
        String job = submit(alice, "2", projectName).text("id");
        submit(bob, "3", projectName);
        submit(alice, "1", null);
        assertThat(http.post("/api/v1/jobs/" + job + "/cancel", alice, null).status()).isEqualTo(200);

        JsonNode managers = report(mia);
        JsonNode adminsRow = row(report(admin), projectName);
        JsonNode alices = report(alice);

        assertThat(row(managers, projectName).get("jobs").asLong()).isEqualTo(2);
        assertThat(row(managers, projectName).get("chargedHours").decimalValue()).isEqualByComparingTo("5.00");
        assertThat(row(managers, projectName).get("refundedHours").decimalValue()).isEqualByComparingTo("2.00");
        assertThat(row(managers, projectName).get("netHours").decimalValue()).isEqualByComparingTo("3.00");
        assertThat(adminsRow).isEqualTo(row(managers, projectName));
        assertThat(row(alices, projectName).get("chargedHours").decimalValue()).isEqualByComparingTo("2.00");
        assertThat(row(alices, projectName).get("netHours").decimalValue()).isEqualByComparingTo("0.00");
        assertThat(row(alices, "-").get("chargedHours").decimalValue()).isEqualByComparingTo("1.00");
        assertThat(managers.get("rows").valueStream().map(row -> row.get("key").asString()).toList())
            .containsExactly(projectName);
        // A plain member sees no entries of the project's other members.
        assertThat(report(bob).get("rows").valueStream().map(row -> row.get("key").asString()).toList())
            .containsExactly(projectName);
        assertThat(row(report(bob), projectName).get("chargedHours").decimalValue()).isEqualByComparingTo("3.00");
    }

    // --- helpers

    private JsonNode report(String token) {
        Response report = http.get("/api/v1/reports/usage?groupBy=project", token);
        assertThat(report.status()).as(report.body()).isEqualTo(200);
        return report.json();
    }

    private static JsonNode row(JsonNode report, String key) {
        return report.get("rows").valueStream().filter(row -> row.get("key").asString().equals(key)).findFirst()
            .orElseThrow(() -> new AssertionError("no row " + key + " in " + report));
    }

    private static List<String> ids(Response page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page.json().get("content").valueStream().map(job -> job.get("id").asString()).toList();
    }

    private Response submit(String token, String hours, String projectOrNull) {
        return http.post("/api/v1/jobs", token, body(hours, projectOrNull));
    }

    private static Map<String, Object> body(String hours, String projectOrNull) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "train");
        body.put("gpuHours", new BigDecimal(hours));
        if (projectOrNull != null) {
            body.put("project", projectOrNull);
        }
        return body;
    }

    private Response patch(String token, String jobId, Map<String, Object> body, int expected) {
        Response response = http.patch("/api/v1/jobs/" + jobId + "/status", token, body);
        assertThat(response.status()).as(response.body()).isEqualTo(expected);
        return response;
    }

    private void putMember(String username, Map<String, Object> body) {
        Response put = http.send("PUT", "/api/v1/projects/" + project + "/members/" + username, admin,
                TestHttp.json(body), "application/json", Map.of());
        assertThat(put.status()).as(put.body()).isEqualTo(201);
    }

    private BigDecimal projectBalance() {
        return http.get("/api/v1/projects/" + project, admin).decimal("quotaHours");
    }

    /** The member's spentHours, as the project's members list shows it. */
    private BigDecimal spentHours(String username) {
        Response members = http.get("/api/v1/projects/" + project + "/members?size=100", admin);
        assertThat(members.status()).as(members.body()).isEqualTo(200);
        return members.json().get("content").valueStream()
            .filter(member -> member.get("username").asString().equals(username))
            .findFirst()
            .orElseThrow(() -> new AssertionError(username + " is not a member: " + members.body()))
            .get("spentHours")
            .decimalValue();
    }

    private UUID idOf(String token) {
        return UUID.fromString(http.get("/api/v1/users/me", token).text("id"));
    }
}
