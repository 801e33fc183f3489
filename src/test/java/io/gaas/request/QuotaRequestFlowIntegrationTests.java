package io.gaas.request;

import static io.gaas.support.Problems.assertProblem;
import static io.gaas.support.Problems.errorFields;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gaas.quota.QuotaService;
import io.gaas.support.Accounts;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;
import io.gaas.support.WebhookSubscription;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Top-up requests over real HTTP: opening one for oneself or a project, who sees it, withdrawing,
 * an admin's approval (in full or in part, as a TOP_UP entry) and denial, the limit of OPEN
 * requests, and the webhook events recorded with each change.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=flowadmin", "gaas.admin.password=" + TestHttp.PASSWORD })
class QuotaRequestFlowIntegrationTests {

    static final String REQUESTS = "/api/v1/quota-requests";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    QuotaService quota;

    @Autowired
    QuotaRequestMetrics metrics;

    @Autowired
    MeterRegistry registry;

    TestHttp http;
    ProjectRows projects;
    String admin;
    String alice;
    String aliceId;

    String adminUsername() {
        return "flowadmin";
    }

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        projects = new ProjectRows(jdbc, quota);
        admin = http.login(adminUsername());
        String name = TestHttp.uniqueName("alice");
        aliceId = http.register(name);
        alice = http.login(name);
    }

    // ------------------------------------------------------------------ opening and reading

    @Test
    void openWhenOwnThen201OpenViewWithLocationAndTheSameViewOnRead() {
        Response opened = open(alice, "12.5", "Final runs for the paper", null);

        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        assertThat(opened.header("Location")).isEqualTo(REQUESTS + "/" + opened.text("id"));
        JsonNode view = opened.json();
        assertThat(view.get("requester").asString()).isEqualTo(username(alice));
        assertThat(view.get("project").isNull()).isTrue();
        assertThat(opened.decimal("hours")).isEqualByComparingTo("12.5");
        assertThat(view.get("justification").asString()).isEqualTo("Final runs for the paper");
        assertThat(view.get("status").asString()).isEqualTo("OPEN");
        for (String empty : List.of("grantedHours", "decidedBy", "decidedAt", "note")) {
            assertThat(view.get(empty).isNull()).as(empty).isTrue();
        }
        assertThat(view.get("createdAt").isString()).isTrue();
        assertThat(http.get(REQUESTS + "/" + opened.text("id"), alice).json()).isEqualTo(view);
        assertThat(http.get(REQUESTS + "/" + opened.text("id"), admin).json()).isEqualTo(view);
    }

    @Test
    void openWhenProjectMemberThenTheViewNamesTheProjectAndItsManagerSeesIt() {
        ProjectRows.Project project = projects.create(BigDecimal.ZERO);
        projects.add(project, aliceId, "MEMBER");
        String managerName = TestHttp.uniqueName("mgr");
        projects.add(project, http.register(managerName), "MANAGER");
        String manager = http.login(managerName);

        Response opened = open(alice, "30", "More for the team", project.name().toUpperCase());

        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        assertThat(opened.json().get("project").get("id").asString()).isEqualTo(project.id().toString());
        assertThat(opened.json().get("project").get("name").asString()).isEqualTo(project.name());
        assertThat(http.get(REQUESTS + "/" + opened.text("id"), manager).json()).isEqualTo(opened.json());
        assertThat(ids(http.get(REQUESTS, manager))).containsExactly(opened.text("id"));
    }

    @Test
    void openWhenNotAMemberOrNoSuchProjectThenTheSame400OnProject() {
        ProjectRows.Project project = projects.create(BigDecimal.ZERO);

        Response notMember = open(alice, "5", "please", project.name());
        Response noSuch = open(alice, "5", "please", "no-such-project-" + project.name().substring(1, 8));
        Response notAName = open(alice, "5", "please", "x");

        for (Response refused : List.of(notMember, noSuch, notAName)) {
            assertProblem(refused, 400, "VALIDATION_FAILED");
            assertThat(errorFields(refused)).containsExactly("project");
        }
        assertThat(notMember.json().get("detail")).isEqualTo(noSuch.json().get("detail"));
        assertThat(total(http.get(REQUESTS, alice))).isZero();
    }

    @Test
    void readWhenOtherUserOrPlainMemberOrManagerOfAnotherProjectThen404AndNotListed() {
        ProjectRows.Project project = projects.create(BigDecimal.ZERO);
        ProjectRows.Project other = projects.create(BigDecimal.ZERO);
        projects.add(project, aliceId, "MEMBER");
        String memberName = TestHttp.uniqueName("mem");
        projects.add(project, http.register(memberName), "MEMBER");
        String member = http.login(memberName);
        String otherManagerName = TestHttp.uniqueName("omg");
        projects.add(other, http.register(otherManagerName), "MANAGER");
        String otherManager = http.login(otherManagerName);
        String stranger = http.registerAndLogin(TestHttp.uniqueName("str"));
        String own = open(alice, "5", "mine", null).text("id");
        String team = open(alice, "6", "the team's", project.name()).text("id");

        for (String outsider : List.of(member, otherManager, stranger)) {
            for (String id : List.of(own, team)) {
                assertProblem(http.get(REQUESTS + "/" + id, outsider), 404, "NOT_FOUND");
            }
            assertThat(total(http.get(REQUESTS, outsider))).isZero();
        }
        assertThat(ids(http.get(REQUESTS, alice))).containsExactly(team, own);
    }

    @Test
    void readWhenManagerThenOnlyTheProjectsRequestsNotTheMembersOwn() {
        ProjectRows.Project project = projects.create(BigDecimal.ZERO);
        projects.add(project, aliceId, "MEMBER");
        String managerName = TestHttp.uniqueName("mgr");
        projects.add(project, http.register(managerName), "MANAGER");
        String manager = http.login(managerName);
        String own = open(alice, "5", "mine", null).text("id");
        String team = open(alice, "6", "the team's", project.name()).text("id");

        assertProblem(http.get(REQUESTS + "/" + own, manager), 404, "NOT_FOUND");
        assertThat(http.get(REQUESTS + "/" + team, manager).status()).isEqualTo(200);
        assertThat(ids(http.get(REQUESTS, manager))).containsExactly(team);
    }

    @Test
    void listWhenAdminThenEveryonesNewestFirstAndFilteredByStatus() {
        String bob = http.registerAndLogin(TestHttp.uniqueName("bob"));
        String first = open(alice, "1", "first", null).text("id");
        String second = open(bob, "2", "second", null).text("id");
        String third = open(alice, "3", "third", null).text("id");
        assertThat(http.post(REQUESTS + "/" + second + "/withdraw", bob, null).status()).isEqualTo(200);

        List<String> all = allIds(admin, "");
        List<String> open = allIds(admin, "&status=OPEN");
        List<String> withdrawn = allIds(admin, "&status=WITHDRAWN");

        assertThat(all).containsSubsequence(third, second, first);
        assertThat(open).contains(third, first).doesNotContain(second);
        assertThat(withdrawn).contains(second).doesNotContain(first, third);
        assertThat(ids(http.get(REQUESTS + "?status=OPEN", alice))).containsExactly(third, first);
        assertThat(total(http.get(REQUESTS + "?status=APPROVED", alice))).isZero();
        Response paged = http.get(REQUESTS + "?size=1&page=1", alice);
        assertThat(ids(paged)).containsExactly(first);
        assertThat(paged.json().get("page").get("totalElements").asLong()).isEqualTo(2);
        assertThat(paged.json().get("page").get("totalPages").asInt()).isEqualTo(2);
    }

    @Test
    void listWhenStatusIsUnknownOrLowerCaseThen400OnStatus() {
        for (String status : List.of("PENDING", "open", "")) {
            Response refused = http.hostile().get(REQUESTS + "?status=" + status, alice);
            assertProblem(refused, 400, "VALIDATION_FAILED");
            assertThat(errorFields(refused)).containsExactly("status");
        }
        assertProblem(http.hostile().get(REQUESTS + "?size=0", alice), 400, "VALIDATION_FAILED");
    }

    @Test
    void requestsWhenNoTokenThen401() {
        assertProblem(http.get(REQUESTS, null), 401, "UNAUTHENTICATED");
        assertProblem(http.post(REQUESTS, null, Map.of("hours", 1, "justification", "x")), 401, "UNAUTHENTICATED");
    }

    // ------------------------------------------------------------------ withdrawing

    @Test
    void withdrawWhenRequesterThen200WithdrawnByThemAndAgainThen409() {
        String id = open(alice, "5", "changed my mind", null).text("id");

        Response withdrawn = http.post(REQUESTS + "/" + id + "/withdraw", alice, null);

        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        assertThat(withdrawn.text("status")).isEqualTo("WITHDRAWN");
        assertThat(withdrawn.text("decidedBy")).isEqualTo(username(alice));
        assertThat(withdrawn.json().get("decidedAt").isString()).isTrue();
        assertThat(withdrawn.json().get("grantedHours").isNull()).isTrue();
        assertThat(http.get(REQUESTS + "/" + id, alice).json()).isEqualTo(withdrawn.json());
        assertProblem(http.post(REQUESTS + "/" + id + "/withdraw", alice, null), 409, "ALREADY_DECIDED");
        assertProblem(decide(admin, id, Map.of("approve", true)), 409, "ALREADY_DECIDED");
        assertThat(webhookEvents("quota_request.decided", id)).isEmpty();
    }

    @Test
    void withdrawWhenAdminOrManagerThen403AndWhenStrangerThen404AndTheRequestStaysOpen() {
        ProjectRows.Project project = projects.create(BigDecimal.ZERO);
        projects.add(project, aliceId, "MEMBER");
        String managerName = TestHttp.uniqueName("mgr");
        projects.add(project, http.register(managerName), "MANAGER");
        String manager = http.login(managerName);
        String stranger = http.registerAndLogin(TestHttp.uniqueName("str"));
        String id = open(alice, "5", "for the team", project.name()).text("id");

        assertProblem(http.post(REQUESTS + "/" + id + "/withdraw", admin, null), 403, "FORBIDDEN");
        assertProblem(http.post(REQUESTS + "/" + id + "/withdraw", manager, null), 403, "FORBIDDEN");
        assertProblem(http.post(REQUESTS + "/" + id + "/withdraw", stranger, null), 404, "NOT_FOUND");
        assertProblem(http.post(REQUESTS + "/" + java.util.UUID.randomUUID() + "/withdraw", alice, null), 404,
                "NOT_FOUND");
        assertThat(http.get(REQUESTS + "/" + id, alice).text("status")).isEqualTo("OPEN");
    }

    // ------------------------------------------------------------------ decisions

    @Test
    void approveWhenNoGrantedHoursThenAllAskedAreToppedUpAsOneTopUpEntryByTheAdmin() {
        BigDecimal before = Accounts.balance(http, alice);
        String id = open(alice, "25.5", "a big run", null).text("id");

        Response approved = decide(admin, id, Map.of("approve", true, "note", "go ahead"));

        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.text("status")).isEqualTo("APPROVED");
        assertThat(approved.decimal("grantedHours")).isEqualByComparingTo("25.5");
        assertThat(approved.text("decidedBy")).isEqualTo(adminUsername());
        assertThat(approved.json().get("decidedAt").isString()).isTrue();
        assertThat(approved.text("note")).isEqualTo("go ahead");
        assertThat(Accounts.balance(http, alice)).isEqualByComparingTo(before.add(new BigDecimal("25.5")));
        JsonNode entry = Accounts.ledger(http, alice).getLast();
        assertThat(entry.get("kind").asString()).isEqualTo("TOP_UP");
        assertThat(entry.get("deltaHours").decimalValue()).isEqualByComparingTo("25.5");
        assertThat(entry.get("by").asString()).isEqualTo(adminUsername());
        assertThat(entry.get("note").asString()).isEqualTo("go ahead");
        assertThat(http.get(REQUESTS + "/" + id, alice).json()).isEqualTo(approved.json());
        assertProblem(decide(admin, id, Map.of("approve", false)), 409, "ALREADY_DECIDED");
        assertProblem(http.post(REQUESTS + "/" + id + "/withdraw", alice, null), 409, "ALREADY_DECIDED");
        assertThat(Accounts.ledger(http, alice)).hasSize(2);
    }

    @Test
    void approveWhenPartialThenOnlyTheGrantedHoursAreToppedUp() {
        BigDecimal before = Accounts.balance(http, alice);
        String id = open(alice, "50", "a big run", null).text("id");

        Response approved = decide(admin, id, Map.of("approve", true, "grantedHours", 40));

        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.decimal("grantedHours")).isEqualByComparingTo("40");
        assertThat(approved.decimal("hours")).isEqualByComparingTo("50");
        assertThat(approved.json().get("note").isNull()).isTrue();
        assertThat(Accounts.balance(http, alice)).isEqualByComparingTo(before.add(new BigDecimal("40")));
        assertThat(Accounts.ledger(http, alice).getLast().get("note").isNull()).isTrue();
    }

    @Test
    void approveWhenGrantedHoursAboveTheAskedOrZeroOrThreeDecimalsThen400AndNothingChanges() {
        BigDecimal before = Accounts.balance(http, alice);
        String id = open(alice, "50", "a big run", null).text("id");

        for (String granted : List.of("50.01", "0", "-1", "2.505", "100001")) {
            Response refused = http.hostile().send("POST", "/api/v1/admin/quota-requests/" + id + "/decision", admin,
                    "{\"approve\":true,\"grantedHours\":" + granted + "}", "application/json", Map.of());
            assertProblem(refused, 400, "VALIDATION_FAILED");
            assertThat(errorFields(refused)).as(granted).containsExactly("grantedHours");
        }
        assertThat(http.get(REQUESTS + "/" + id, alice).text("status")).isEqualTo("OPEN");
        assertThat(Accounts.balance(http, alice)).isEqualByComparingTo(before);
        assertThat(decide(admin, id, Map.of("approve", true, "grantedHours", 50)).status()).isEqualTo(200);
    }

    @Test
    void denyWhenGrantedHoursGivenThenIgnoredNoHoursAndGrantedHoursNull() {
        BigDecimal before = Accounts.balance(http, alice);
        long entries = Accounts.ledgerSize(http, alice);
        String id = open(alice, "50", "a big run", null).text("id");

        Response denied = decide(admin, id, Map.of("approve", false, "grantedHours", 999, "note", "not this term"));

        assertThat(denied.status()).as(denied.body()).isEqualTo(200);
        assertThat(denied.text("status")).isEqualTo("DENIED");
        assertThat(denied.json().get("grantedHours").isNull()).isTrue();
        assertThat(denied.text("decidedBy")).isEqualTo(adminUsername());
        assertThat(denied.text("note")).isEqualTo("not this term");
        assertThat(Accounts.balance(http, alice)).isEqualByComparingTo(before);
        assertThat(Accounts.ledgerSize(http, alice)).isEqualTo(entries);
        assertProblem(decide(admin, id, Map.of("approve", true)), 409, "ALREADY_DECIDED");
    }

    @Test
    void approveWhenProjectRequestThenTheProjectsAccountIsToppedUpNotTheRequesters() {
        ProjectRows.Project project = projects.create(new BigDecimal("3"));
        projects.add(project, aliceId, "MANAGER");
        BigDecimal own = Accounts.balance(http, alice);
        String id = open(alice, "20", "for the team", project.name()).text("id");

        Response approved = decide(admin, id, Map.of("approve", true, "grantedHours", 15.25));

        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(projects.balance(project)).isEqualByComparingTo("18.25");
        assertThat(Accounts.balance(http, alice)).isEqualByComparingTo(own);
        assertThat(jdbc.sql("SELECT kind FROM quota_ledger WHERE account_id = :id ORDER BY seq DESC")
            .param("id", project.id())
            .query(String.class)
            .list()).first().isEqualTo("TOP_UP");
    }

    @Test
    void decideWhenUserOrUnknownRequestThen403Or404() {
        String id = open(alice, "5", "please", null).text("id");

        assertProblem(decide(alice, id, Map.of("approve", true)), 403, "FORBIDDEN");
        assertProblem(decide(admin, java.util.UUID.randomUUID().toString(), Map.of("approve", true)), 404, "NOT_FOUND");
        assertProblem(http.hostile().post("/api/v1/admin/quota-requests/not-a-uuid/decision", admin,
                Map.of("approve", true)), 404, "NOT_FOUND");
        assertThat(http.get(REQUESTS + "/" + id, alice).text("status")).isEqualTo("OPEN");
    }

    // ------------------------------------------------------------------ the limit of OPEN requests

    @Test
    void openWhenTenAreOpenThenTheEleventhIs409AndAClosedOneFreesAPlace() {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Response opened = open(alice, "1", "request " + i, null);
            assertThat(opened.status()).as(opened.body()).isEqualTo(201);
            ids.add(opened.text("id"));
        }

        assertProblem(open(alice, "1", "one too many", null), 409, "TOO_MANY_OPEN_REQUESTS");
        assertThat(total(http.get(REQUESTS, alice))).isEqualTo(10);
        String bob = http.registerAndLogin(TestHttp.uniqueName("bob"));
        assertThat(open(bob, "1", "someone else's first", null).status()).isEqualTo(201);

        assertThat(http.post(REQUESTS + "/" + ids.getFirst() + "/withdraw", alice, null).status()).isEqualTo(200);
        assertThat(open(alice, "1", "now there is room", null).status()).isEqualTo(201);
        assertThat(decide(admin, ids.get(1), Map.of("approve", false)).status()).isEqualTo(200);
        assertThat(open(alice, "1", "and again", null).status()).isEqualTo(201);
        assertProblem(open(alice, "1", "full again", null), 409, "TOO_MANY_OPEN_REQUESTS");
    }

    // ------------------------------------------------------------------ events and metrics

    @Test
    void openAndDecideThenEachRecordsItsWebhookEventWithTheRequestView() {
        subscribeToRequestEvents();
        Response opened = open(alice, "7", "watch this", null);
        String id = opened.text("id");

        List<JsonNode> openedEvents = webhookEvents("quota_request.opened", id);
        Response decided = decide(admin, id, Map.of("approve", true, "grantedHours", 5));
        List<JsonNode> decidedEvents = webhookEvents("quota_request.decided", id);

        assertThat(openedEvents).hasSize(1);
        assertThat(openedEvents.getFirst().get("request").get("status").asString()).isEqualTo("OPEN");
        assertThat(openedEvents.getFirst().get("request").get("hours").decimalValue()).isEqualByComparingTo("7");
        assertThat(openedEvents.getFirst().get("request").propertyNames()).containsExactlyInAnyOrderElementsOf(
                opened.json().propertyNames());
        assertThat(decidedEvents).hasSize(1);
        JsonNode request = decidedEvents.getFirst().get("request");
        assertThat(request.get("status").asString()).isEqualTo("APPROVED");
        assertThat(request.get("grantedHours").decimalValue()).isEqualByComparingTo("5");
        assertThat(request.get("decidedBy").asString()).isEqualTo(adminUsername());
        assertThat(request.get("createdAt").asString()).isEqualTo(decided.text("createdAt"));
    }

    @Test
    void refusedRequestsThenNoEventIsRecorded() {
        ProjectRows.Project project = projects.create(BigDecimal.ZERO);
        subscribeToRequestEvents();
        long before = eventCount();

        assertProblem(open(alice, "5", "not mine", project.name()), 400, "VALIDATION_FAILED");
        String id = open(alice, "5", "mine", null).text("id");
        assertProblem(decide(admin, id, Map.of("approve", true, "grantedHours", 6)), 400, "VALIDATION_FAILED");

        assertThat(eventCount()).isEqualTo(before + 1);
    }

    @Test
    void openRequestsGaugeCountsEveryonesOpenRequests() {
        metrics.refresh();
        double before = registry.get("gaas.quota.requests.open").gauge().value();
        String first = open(alice, "1", "one", null).text("id");
        open(alice, "1", "two", null);

        metrics.refresh();
        assertThat(registry.get("gaas.quota.requests.open").gauge().value()).isEqualTo(before + 2);
        decide(admin, first, Map.of("approve", false));
        metrics.refresh();
        assertThat(registry.get("gaas.quota.requests.open").gauge().value()).isEqualTo(before + 1);
        assertThat(http.get("/actuator/prometheus", null).body()).contains("gaas_quota_requests_open");
    }

    // ------------------------------------------------------------------ helpers

    Response open(String token, String hours, String justification, String project) {
        String body = "{\"hours\":" + hours + ",\"justification\":" + TestHttp.json(justification) + ",\"project\":"
                + (project == null ? "null" : TestHttp.json(project)) + "}";
        return http.send("POST", REQUESTS, token, body, "application/json", Map.of());
    }

    Response decide(String token, String id, Map<String, Object> decision) {
        return http.post("/api/v1/admin/quota-requests/" + id + "/decision", token, new HashMap<>(decision));
    }

    String username(String token) {
        return http.get("/api/v1/users/me", token).text("username");
    }

    static List<String> ids(Response list) {
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        return list.json().get("content").valueStream().map(request -> request.get("id").asString()).toList();
    }

    static long total(Response list) {
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        return list.json().get("page").get("totalElements").asLong();
    }

    List<String> allIds(String token, String filter) {
        List<String> ids = new java.util.ArrayList<>();
        for (int page = 0;; page++) {
            Response response = http.get(REQUESTS + "?size=100&page=" + page + filter, token);
            ids.addAll(ids(response));
            if (page + 1 >= response.json().get("page").get("totalPages").asInt()) {
                return ids;
            }
        }
    }

    private final List<WebhookSubscription> subscriptions = new ArrayList<>();

    private void subscribeToRequestEvents() {
        subscriptions.add(WebhookSubscription.to(jdbc, "quota_request.opened", "quota_request.decided"));
    }

    @AfterEach
    void unsubscribe() {
        subscriptions.forEach(WebhookSubscription::close);
        subscriptions.clear();
    }

    List<JsonNode> webhookEvents(String type, String requestId) {
        JsonMapper json = JsonMapper.builder().build();
        return jdbc.sql("SELECT payload FROM webhook_events WHERE type = :type")
            .param("type", type)
            .query(String.class)
            .list()
            .stream()
            .map(json::readTree)
            .filter(data -> data.get("request").get("id").asString().equals(requestId))
            .toList();
    }

    long eventCount() {
        return jdbc.sql("SELECT COUNT(*) FROM webhook_events WHERE type LIKE 'quota_request.%'").query(Long.class).single();
    }
}
