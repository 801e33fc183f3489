package io.gaas.project;

import static io.gaas.support.Problems.assertProblem;
import static io.gaas.support.Problems.errorFields;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
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
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;
import tools.jackson.databind.JsonNode;

/**
 * Projects over real HTTP: an admin creates and changes them, managers and admins manage members,
 * and only members and admins see a project, its members and its ledger.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=projadmin", "gaas.admin.password=" + TestHttp.PASSWORD })
class ProjectFlowIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;

    String admin;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        admin = http.login(adminUsername());
    }

    String adminUsername() {
        return "projadmin";
    }

    // ---------------------------------------------------------------- administration

    @Test
    void createWhenAdminThen201WithLowerCaseNameLocationAndInitialGrantByTheAdmin() {
        String name = projectName();
        Response created = http.post("/api/v1/admin/projects", admin,
                Map.of("name", name.toUpperCase(), "description", "Computer vision", "initialHours", 120.5));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.text("id");
        assertThat(created.header("Location")).isEqualTo("/api/v1/projects/" + id);
        assertThat(created.text("name")).isEqualTo(name);
        assertThat(created.text("description")).isEqualTo("Computer vision");
        assertThat(created.decimal("quotaHours")).isEqualByComparingTo("120.5");
        assertThat(created.json().get("enabled").asBoolean()).isTrue();
        assertThat(created.json().get("allocation").isNull()).isTrue();
        assertThat(created.json().get("lowBalanceHours").isNull()).isTrue();
        assertThat(created.json().get("myRole").isNull()).isTrue();
        assertThat(created.json().get("createdAt").isString()).isTrue();
        assertThat(http.get("/api/v1/projects/" + id, admin).json()).isEqualTo(created.json());

        List<JsonNode> ledger = Accounts.ledger(http, "/api/v1/projects/" + id + "/ledger", admin);
        assertThat(ledger).singleElement().satisfies(entry -> {
            assertThat(entry.get("kind").asString()).isEqualTo("INITIAL_GRANT");
            assertThat(entry.get("deltaHours").decimalValue()).isEqualByComparingTo("120.5");
            assertThat(entry.get("balanceAfter").decimalValue()).isEqualByComparingTo("120.5");
            assertThat(entry.get("by").asString()).isEqualTo(adminUsername());
        });
    }

    @Test
    void createWithOnlyANameThenNoHoursNoLedgerEntryAndNoDescription() {
        Response created = http.post("/api/v1/admin/projects", admin, Map.of("name", projectName()));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.decimal("quotaHours")).isEqualByComparingTo("0");
        assertThat(created.json().get("description").isNull()).isTrue();
        assertThat(ledgerSize(created.text("id"), admin)).isZero();
    }

    @Test
    void createWhenTheNameExistsInAnyCaseThen409AndNoSecondProject() {
        String name = projectName();
        assertThat(http.post("/api/v1/admin/projects", admin, Map.of("name", name)).status()).isEqualTo(201);
        long before = projectCount();

        assertProblem(http.post("/api/v1/admin/projects", admin, Map.of("name", name)), 409, "PROJECT_NAME_TAKEN");
        assertProblem(http.post("/api/v1/admin/projects", admin, Map.of("name", name.toUpperCase(), "initialHours", 5)),
                409, "PROJECT_NAME_TAKEN");

        assertThat(projectCount()).isEqualTo(before);
    }

    @Test
    void createWhenDescriptionIs2000CharactersOutsideTheBmpThenKeptExactly() {
        String emoji = "\ud83d\ude00".repeat(2000);
        Response created = http.post("/api/v1/admin/projects", admin, Map.of("name", projectName(), "description", emoji));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(http.get("/api/v1/projects/" + created.text("id"), admin).text("description")).isEqualTo(emoji);
    }

    @Test
    void patchChangesWhatWasSentClearsWhatWasNullAndKeepsWhatWasAbsent() {
        String id = createProject(Map.of("description", "first"));

        Response disabled = http.patch("/api/v1/admin/projects/" + id, admin,
                Map.of("enabled", false, "lowBalanceHours", 12.5));
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
        assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
        assertThat(disabled.decimal("lowBalanceHours")).isEqualByComparingTo("12.5");
        assertThat(disabled.text("description")).isEqualTo("first");

        Map<String, Object> clear = new HashMap<>();
        clear.put("description", null);
        clear.put("lowBalanceHours", null);
        Response cleared = http.patch("/api/v1/admin/projects/" + id, admin, clear);
        assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
        assertThat(cleared.json().get("description").isNull()).isTrue();
        assertThat(cleared.json().get("lowBalanceHours").isNull()).isTrue();
        assertThat(cleared.json().get("enabled").asBoolean()).isFalse();

        Response enabled = http.patch("/api/v1/admin/projects/" + id, admin, Map.of("enabled", true));
        assertThat(enabled.json().get("enabled").asBoolean()).isTrue();
        assertThat(http.get("/api/v1/projects/" + id, admin).json()).isEqualTo(enabled.json());
    }

    @Test
    void patchWhenOneFieldIsRefusedThen400AndNothingChanges() {
        String id = createProject(Map.of("description", "kept"));
        JsonNode before = http.get("/api/v1/projects/" + id, admin).json();

        Response refused = http.hostile().patch("/api/v1/admin/projects/" + id, admin,
                "{\"description\":\"changed\",\"enabled\":false,\"lowBalanceHours\":-1}");

        assertProblem(refused, 400, "VALIDATION_FAILED");
        assertThat(errorFields(refused)).containsExactly("lowBalanceHours");
        assertThat(http.get("/api/v1/projects/" + id, admin).json()).isEqualTo(before);
        assertProblem(http.hostile().patch("/api/v1/admin/projects/" + id, admin, "{\"name\":\"renamed\"}"), 400,
                "VALIDATION_FAILED");
        assertProblem(http.patch("/api/v1/admin/projects/" + UUID.randomUUID(), admin, Map.of("enabled", false)), 404,
                "NOT_FOUND");
    }

    @Test
    void quotaAdjustmentsWhenAdminThenWrittenByTheAdminAndNeverBelowZero() {
        String id = createProject(Map.of("initialHours", 10));

        Response granted = http.post("/api/v1/admin/projects/" + id + "/quota-adjustments", admin,
                Map.of("deltaHours", 5.25, "note", "paper deadline"));
        assertThat(granted.status()).as(granted.body()).isEqualTo(200);
        assertThat(granted.decimal("quotaHours")).isEqualByComparingTo("15.25");
        assertThat(granted.text("id")).isEqualTo(id);

        Response overdrawn = http.post("/api/v1/admin/projects/" + id + "/quota-adjustments", admin,
                Map.of("deltaHours", -15.26));
        assertProblem(overdrawn, 400, "INSUFFICIENT_QUOTA");
        assertThat(overdrawn.decimal("remaining")).isEqualByComparingTo("15.25");

        List<JsonNode> ledger = Accounts.ledger(http, "/api/v1/projects/" + id + "/ledger", admin);
        assertThat(ledger).hasSize(2);
        assertThat(ledger.getLast().get("kind").asString()).isEqualTo("ADMIN_ADJUSTMENT");
        assertThat(ledger.getLast().get("note").asString()).isEqualTo("paper deadline");
        assertThat(ledger.getLast().get("by").asString()).isEqualTo(adminUsername());
        assertThat(ledger.getLast().get("balanceAfter").decimalValue()).isEqualByComparingTo("15.25");
    }

    @Test
    void quotaAdjustmentsWhenTheIdIsAUsersThen404AndTheUserKeepsTheirHours() {
        String username = TestHttp.uniqueName("u");
        String userId = http.register(username);

        assertProblem(http.post("/api/v1/admin/projects/" + userId + "/quota-adjustments", admin,
                Map.of("deltaHours", 5)), 404, "NOT_FOUND");
        assertProblem(http.get("/api/v1/projects/" + userId, admin), 404, "NOT_FOUND");
        assertProblem(http.get("/api/v1/projects/" + userId + "/ledger", admin), 404, "NOT_FOUND");

        assertThat(Accounts.balance(http, http.login(username))).isEqualByComparingTo("10");
    }

    @Test
    void administrationWhenUserThen403() {
        String id = createProject(Map.of());
        String user = http.registerAndLogin(TestHttp.uniqueName("u"));

        assertProblem(http.post("/api/v1/admin/projects", user, Map.of("name", projectName())), 403, "FORBIDDEN");
        assertProblem(http.patch("/api/v1/admin/projects/" + id, user, Map.of("enabled", false)), 403, "FORBIDDEN");
        assertProblem(http.post("/api/v1/admin/projects/" + id + "/quota-adjustments", user, Map.of("deltaHours", 1)),
                403, "FORBIDDEN");
        assertProblem(http.get("/api/v1/projects", null), 401, "UNAUTHENTICATED");
    }

    // ---------------------------------------------------------------- visibility

    @Test
    void projectWhenNotAMemberThen404LikeAProjectThatDoesNotExist() {
        String id = createProject(Map.of("initialHours", 3));
        String outsider = http.registerAndLogin(TestHttp.uniqueName("out"));

        for (String path : List.of("", "/members", "/ledger")) {
            assertProblem(http.get("/api/v1/projects/" + id + path, outsider), 404, "NOT_FOUND");
            assertProblem(http.get("/api/v1/projects/" + UUID.randomUUID() + path, outsider), 404, "NOT_FOUND");
            assertProblem(http.hostile().get("/api/v1/projects/not-a-uuid" + path, outsider), 404, "NOT_FOUND");
        }
        assertProblem(put(outsider, id, "anyone", Map.of("role", "MEMBER")), 404, "NOT_FOUND");
        assertProblem(http.delete("/api/v1/projects/" + id + "/members/anyone", outsider), 404, "NOT_FOUND");
        assertThat(http.get("/api/v1/projects", outsider).json().get("content").isEmpty()).isTrue();
    }

    @Test
    void listWhenUserThenOnlyTheirProjectsWithTheirRoleAndWhenAdminThenAllNewestFirst() {
        String first = createProject(Map.of("initialHours", 1));
        String second = createProject(Map.of("initialHours", 2));
        String third = createProject(Map.of());
        String username = TestHttp.uniqueName("m");
        String token = http.registerAndLogin(username);
        assertThat(put(admin, first, username, Map.of("role", "MANAGER")).status()).isEqualTo(201);
        assertThat(put(admin, second, username, Map.of("role", "MEMBER")).status()).isEqualTo(201);

        Response mine = http.get("/api/v1/projects", token);

        assertThat(mine.status()).as(mine.body()).isEqualTo(200);
        assertThat(ids(mine)).containsExactly(second, first);
        assertThat(mine.json().get("page").get("totalElements").asLong()).isEqualTo(2);
        assertThat(mine.json().get("content").get(0).get("myRole").asString()).isEqualTo("MEMBER");
        assertThat(mine.json().get("content").get(0).get("quotaHours").decimalValue()).isEqualByComparingTo("2");
        assertThat(mine.json().get("content").get(1).get("myRole").asString()).isEqualTo("MANAGER");
        assertThat(mine.json().get("content").get(1).get("quotaHours").decimalValue()).isEqualByComparingTo("1");
        assertThat(http.get("/api/v1/projects/" + first, token).text("myRole")).isEqualTo("MANAGER");
        Response onePage = http.get("/api/v1/projects?size=1&page=1", token);
        assertThat(ids(onePage)).containsExactly(first);
        assertThat(onePage.json().get("page").get("totalPages").asInt()).isEqualTo(2);

        // Other tests sharing this application context create projects too, some dated by their own clocks.
        Response all = http.get("/api/v1/projects?size=100", admin);
        assertThat(ids(all)).containsSubsequence(third, second, first);
        assertThat(all.json().get("content").get(ids(all).indexOf(third)).get("myRole").isNull()).isTrue();
        assertThat(all.json().get("page").get("totalElements").asLong()).isEqualTo(projectCount());
    }

    @Test
    void membersAndLedgerWhenPlainMemberThenReadable() {
        String id = createProject(Map.of("initialHours", 4));
        String member = TestHttp.uniqueName("m");
        String token = http.registerAndLogin(member);
        assertThat(put(admin, id, member, Map.of("role", "MEMBER", "capHours", 2)).status()).isEqualTo(201);

        Response members = http.get("/api/v1/projects/" + id + "/members", token);
        assertThat(members.status()).as(members.body()).isEqualTo(200);
        assertThat(members.json().get("content")).hasSize(1);
        assertThat(http.get("/api/v1/projects/" + id + "/ledger", token).json().get("content")).hasSize(1);
        assertThat(http.get("/api/v1/projects/" + id, token).text("myRole")).isEqualTo("MEMBER");
    }

    // ---------------------------------------------------------------- members

    @Test
    void adminAddsAManagerAndACappedMemberThen201WithTheMemberViews() {
        String id = createProject(Map.of());
        String manager = TestHttp.uniqueName("mgr");
        String member = TestHttp.uniqueName("mem");
        http.register(manager);
        http.register(member);

        Response addedManager = put(admin, id, manager.toUpperCase(), Map.of("role", "MANAGER"));
        Response addedMember = put(admin, id, member, Map.of("role", "MEMBER", "capHours", 20));

        assertThat(addedManager.status()).as(addedManager.body()).isEqualTo(201);
        assertThat(addedManager.text("username")).isEqualTo(manager);
        assertThat(addedManager.text("role")).isEqualTo("MANAGER");
        assertThat(addedManager.json().get("capHours").isNull()).isTrue();
        assertThat(addedManager.decimal("spentHours")).isEqualByComparingTo("0");
        assertThat(addedMember.status()).as(addedMember.body()).isEqualTo(201);
        assertThat(addedMember.decimal("capHours")).isEqualByComparingTo("20");
        assertThat(Instant.parse(addedMember.text("addedAt"))).isAfterOrEqualTo(Instant.parse(addedManager.text("addedAt")));

        Response members = http.get("/api/v1/projects/" + id + "/members", admin);
        List<String> names = members.json().get("content").valueStream().map(m -> m.get("username").asString()).toList();
        // Newest first; two members added within one clock tick come in the tie-break's order (user id).
        if (addedMember.text("addedAt").equals(addedManager.text("addedAt"))) {
            assertThat(names).containsExactlyInAnyOrder(member, manager);
        }
        else {
            assertThat(names).containsExactly(member, manager);
        }
        assertThat(members.json().get("content").get(names.indexOf(member))).isEqualTo(addedMember.json());
    }

    @Test
    void putWhenAlreadyAMemberThen200AndTheRoleAndCapAreReplaced() {
        String id = createProject(Map.of());
        String member = TestHttp.uniqueName("mem");
        http.register(member);
        Response added = put(admin, id, member, Map.of("role", "MEMBER", "capHours", 20));

        Response capped = put(admin, id, member, Map.of("role", "MEMBER", "capHours", 0));
        assertThat(capped.status()).as(capped.body()).isEqualTo(200);
        assertThat(capped.decimal("capHours")).isEqualByComparingTo("0");
        assertThat(capped.text("addedAt")).isEqualTo(added.text("addedAt"));

        Response uncapped = put(admin, id, member, Map.of("role", "MANAGER"));
        assertThat(uncapped.status()).as(uncapped.body()).isEqualTo(200);
        assertThat(uncapped.text("role")).isEqualTo("MANAGER");
        assertThat(uncapped.json().get("capHours").isNull()).isTrue();
        assertThat(memberCount(id)).isEqualTo(1);
    }

    @Test
    void managerManagesPlainMembersButNeverTheManagerRole() {
        String id = createProject(Map.of());
        String manager = TestHttp.uniqueName("mgr");
        String managerToken = http.registerAndLogin(manager);
        String otherManager = TestHttp.uniqueName("mgr2");
        http.register(otherManager);
        String member = TestHttp.uniqueName("mem");
        http.register(member);
        assertThat(put(admin, id, manager, Map.of("role", "MANAGER")).status()).isEqualTo(201);
        assertThat(put(admin, id, otherManager, Map.of("role", "MANAGER")).status()).isEqualTo(201);

        Response added = put(managerToken, id, member, Map.of("role", "MEMBER", "capHours", 5));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(put(managerToken, id, member, Map.of("role", "MEMBER", "capHours", 7.5)).status()).isEqualTo(200);

        assertProblem(put(managerToken, id, member, Map.of("role", "MANAGER")), 403, "FORBIDDEN");
        assertProblem(put(managerToken, id, otherManager, Map.of("role", "MEMBER")), 403, "FORBIDDEN");
        assertProblem(put(managerToken, id, otherManager, Map.of("role", "MANAGER", "capHours", 1)), 403, "FORBIDDEN");
        assertProblem(http.delete("/api/v1/projects/" + id + "/members/" + otherManager, managerToken), 403,
                "FORBIDDEN");
        String newcomer = TestHttp.uniqueName("new");
        http.register(newcomer);
        assertProblem(put(managerToken, id, newcomer, Map.of("role", "MANAGER")), 403, "FORBIDDEN");

        assertThat(memberCount(id)).isEqualTo(3);
        JsonNode kept = memberView(id, member);
        assertThat(kept.get("role").asString()).isEqualTo("MEMBER");
        assertThat(kept.get("capHours").decimalValue()).isEqualByComparingTo("7.5");
        assertThat(memberView(id, otherManager).get("role").asString()).isEqualTo("MANAGER");

        Response removed = http.delete("/api/v1/projects/" + id + "/members/" + member, managerToken);
        assertThat(removed.status()).as(removed.body()).isEqualTo(204);
        assertThat(memberCount(id)).isEqualTo(2);
    }

    @Test
    void plainMemberManagingMembersThen403AndNothingChanges() {
        String id = createProject(Map.of());
        String member = TestHttp.uniqueName("mem");
        String token = http.registerAndLogin(member);
        String other = TestHttp.uniqueName("oth");
        http.register(other);
        assertThat(put(admin, id, member, Map.of("role", "MEMBER", "capHours", 1)).status()).isEqualTo(201);
        assertThat(put(admin, id, other, Map.of("role", "MEMBER")).status()).isEqualTo(201);

        assertProblem(put(token, id, other, Map.of("role", "MEMBER", "capHours", 100)), 403, "FORBIDDEN");
        assertProblem(put(token, id, member, Map.of("role", "MEMBER")), 403, "FORBIDDEN");
        assertProblem(http.delete("/api/v1/projects/" + id + "/members/" + other, token), 403, "FORBIDDEN");

        assertThat(memberView(id, other).get("capHours").isNull()).isTrue();
        assertThat(memberView(id, member).get("capHours").decimalValue()).isEqualByComparingTo("1");
        assertThat(memberCount(id)).isEqualTo(2);
    }

    @Test
    void memberPathsWhenTheUserIsUnknownOrNotAMemberThen404() {
        String id = createProject(Map.of());
        String stranger = TestHttp.uniqueName("str");
        http.register(stranger);

        assertProblem(put(admin, id, TestHttp.uniqueName("ghost"), Map.of("role", "MEMBER")), 404, "NOT_FOUND");
        assertProblem(put(admin, id, "no%20such", Map.of("role", "MEMBER")), 404, "NOT_FOUND");
        assertProblem(http.delete("/api/v1/projects/" + id + "/members/" + TestHttp.uniqueName("ghost"), admin), 404,
                "NOT_FOUND");
        assertProblem(http.delete("/api/v1/projects/" + id + "/members/" + stranger, admin), 404, "NOT_FOUND");
        assertProblem(put(admin, UUID.randomUUID().toString(), stranger, Map.of("role", "MEMBER")), 404, "NOT_FOUND");
        assertThat(memberCount(id)).isZero();
    }

    @Test
    void reAddingARemovedMemberStartsANewWindow() {
        String id = createProject(Map.of());
        String member = TestHttp.uniqueName("mem");
        http.register(member);
        Response first = put(admin, id, member, Map.of("role", "MEMBER", "capHours", 10));
        // What job charges would have left: the job feature writes spent_hours, in the charge's transaction.
        jdbc.sql("UPDATE project_members SET spent_hours = 6 WHERE project_id = :project")
            .param("project", UUID.fromString(id))
            .update();
        assertThat(memberView(id, member).get("spentHours").decimalValue()).isEqualByComparingTo("6");

        assertThat(http.delete("/api/v1/projects/" + id + "/members/" + member, admin).status()).isEqualTo(204);
        Response again = put(admin, id, member, Map.of("role", "MEMBER", "capHours", 10));

        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(again.decimal("spentHours")).isEqualByComparingTo("0");
        assertThat(Instant.parse(again.text("addedAt"))).isAfter(Instant.parse(first.text("addedAt")));
        // The new window starts at the project's newest entry (after every charge of the first membership),
        // or when the member is added again if the project's ledger is empty.
        Instant newestEntry = jdbc.sql("SELECT last_entry_at FROM quota_accounts WHERE account_id = :project")
            .param("project", UUID.fromString(id))
            .query((row, n) -> row.getObject(1, java.time.OffsetDateTime.class))
            .optional()
            .map(java.time.OffsetDateTime::toInstant)
            .orElse(Instant.parse(again.text("addedAt")));
        assertThat(jdbc.sql("SELECT window_start FROM project_members WHERE project_id = :project")
            .param("project", UUID.fromString(id))
            .query(java.time.OffsetDateTime.class)
            .single()
            .toInstant()).isEqualTo(newestEntry);
    }

    @Test
    void removedManagerNoLongerSeesTheProject() {
        String id = createProject(Map.of());
        String manager = TestHttp.uniqueName("mgr");
        String token = http.registerAndLogin(manager);
        assertThat(put(admin, id, manager, Map.of("role", "MANAGER")).status()).isEqualTo(201);
        assertThat(http.get("/api/v1/projects/" + id, token).status()).isEqualTo(200);

        assertThat(http.delete("/api/v1/projects/" + id + "/members/" + manager, admin).status()).isEqualTo(204);

        assertProblem(http.get("/api/v1/projects/" + id, token), 404, "NOT_FOUND");
        assertThat(http.get("/api/v1/projects", token).json().get("content").isEmpty()).isTrue();
    }

    // ---------------------------------------------------------------- helpers

    Response put(String token, String projectId, String username, Map<String, Object> body) {
        return http.send("PUT", "/api/v1/projects/" + projectId + "/members/" + username, token, TestHttp.json(body),
                "application/json", Map.of());
    }

    String createProject(Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>(fields);
        body.put("name", projectName());
        Response created = http.post("/api/v1/admin/projects", admin, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("id");
    }

    JsonNode memberView(String projectId, String username) {
        Response members = http.get("/api/v1/projects/" + projectId + "/members?size=100", admin);
        return members.json().get("content").valueStream()
            .filter(member -> member.get("username").asString().equals(username))
            .findFirst()
            .orElseThrow();
    }

    long memberCount(String projectId) {
        return http.get("/api/v1/projects/" + projectId + "/members?size=1", admin).json().get("page")
            .get("totalElements").asLong();
    }

    long ledgerSize(String projectId, String token) {
        return http.get("/api/v1/projects/" + projectId + "/ledger?size=1", token).json().get("page")
            .get("totalElements").asLong();
    }

    long projectCount() {
        return http.get("/api/v1/projects?size=1", admin).json().get("page").get("totalElements").asLong();
    }

    static List<String> ids(Response page) {
        return page.json().get("content").valueStream().map(project -> project.get("id").asString()).toList();
    }

    static String projectName() {
        return TestHttp.uniqueName("p").toLowerCase();
    }
}
