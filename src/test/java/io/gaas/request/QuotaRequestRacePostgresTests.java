package io.gaas.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gaas.support.ParallelCalls;
import io.gaas.support.SharedPostgres;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;
import io.gaas.support.WebhookSubscription;
import tools.jackson.databind.JsonNode;

/**
 * Races on PostgreSQL, released together by a start gate: two admins deciding one request, a
 * decision against a withdrawal, and several requests at once against the limit of 10 OPEN. Each
 * rule is decided in the database, so exactly one closing wins, and never an eleventh OPEN.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=pgadmin", "gaas.admin.password=" + TestHttp.PASSWORD })
@Import(SharedPostgres.class)
class QuotaRequestRacePostgresTests {

    private static final int ROUNDS = 8;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;
    String firstAdmin;
    String secondAdmin;
    String aliceId;
    String alice;

    /** The decisions' events are recorded only while a webhook takes them. */
    WebhookSubscription decisions;

    @BeforeEach
    void setUp() {
        decisions = WebhookSubscription.to(jdbc, "quota_request.decided");
        http = new TestHttp(port);
        firstAdmin = http.login("pgadmin");
        String second = TestHttp.uniqueName("admin");
        Response created = http.post("/api/v1/admin/users", firstAdmin,
                Map.of("username", second, "password", TestHttp.PASSWORD, "role", "ADMIN"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        secondAdmin = http.login(second);
        String name = TestHttp.uniqueName("alice");
        aliceId = http.register(name);
        alice = http.login(name);
    }

    @AfterEach
    void unsubscribe() {
        decisions.close();
    }

    @Test
    void twoAdminsDecidingOneRequestAtOnceThenExactlyOneWinsAndAtMostOneTopUp() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = open(alice, "10").text("id");
            int before = topUps(UUID.fromString(aliceId)).size();
            // Even rounds: two approvals (of different amounts); odd rounds: an approval against a denial.
            boolean bothApprove = round % 2 == 0;
            List<Response> answers = ParallelCalls.run(2, i -> http.post("/api/v1/admin/quota-requests/" + id
                    + "/decision", i == 0 ? firstAdmin : secondAdmin,
                    i == 0 || bothApprove ? Map.of("approve", true, "grantedHours", i == 0 ? 4 : 6)
                            : Map.of("approve", false)));

            assertThat(answers).extracting(Response::status).as("round %d", round).containsExactlyInAnyOrder(200, 409);
            Response winner = answers.stream().filter(answer -> answer.status() == 200).findFirst().orElseThrow();
            Response loser = answers.stream().filter(answer -> answer.status() == 409).findFirst().orElseThrow();
            assertThat(loser.code()).isEqualTo("ALREADY_DECIDED");
            assertThat(http.get("/api/v1/quota-requests/" + id, alice).json()).isEqualTo(winner.json());
            List<BigDecimal> all = topUps(UUID.fromString(aliceId));
            List<BigDecimal> topUps = all.subList(before, all.size());
            if (winner.text("status").equals("APPROVED")) {
                assertThat(topUps).singleElement().satisfies(
                        delta -> assertThat(delta).isEqualByComparingTo(winner.decimal("grantedHours")));
            }
            else {
                assertThat(topUps).isEmpty();
            }
            assertThat(decidedEvents(id)).as("one decided event").hasSize(1);
        }
        assertBalanceMatchesLedger();
    }

    @Test
    void aDecisionAndAWithdrawalAtOnceThenExactlyOneWins() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = open(alice, "3").text("id");
            int before = topUps(UUID.fromString(aliceId)).size();

            List<Response> answers = ParallelCalls.run(2, i -> i == 0
                    ? http.post("/api/v1/admin/quota-requests/" + id + "/decision", firstAdmin, Map.of("approve", true))
                    : http.post("/api/v1/quota-requests/" + id + "/withdraw", alice, null));

            assertThat(answers).extracting(Response::status).as("round %d", round).containsExactlyInAnyOrder(200, 409);
            String status = http.get("/api/v1/quota-requests/" + id, alice).text("status");
            assertThat(status).isIn("APPROVED", "WITHDRAWN");
            assertThat(topUps(UUID.fromString(aliceId))).hasSize(before + (status.equals("APPROVED") ? 1 : 0));
        }
        assertBalanceMatchesLedger();
    }

    @Test
    void requestsAtOnceAgainstTheLimitThenNeverAnEleventhOpen() throws Exception {
        for (int i = 0; i < 7; i++) {
            assertThat(open(alice, "1").status()).isEqualTo(201);
        }

        List<Response> answers = ParallelCalls.run(6, i -> open(alice, "1"));

        assertThat(answers).extracting(Response::status).filteredOn(status -> status == 201).hasSize(3);
        assertThat(answers).filteredOn(answer -> answer.status() != 201)
            .allSatisfy(answer -> assertThat(answer.code()).isEqualTo("TOO_MANY_OPEN_REQUESTS"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM quota_requests WHERE requester_id = :id AND status = 'OPEN'")
            .param("id", UUID.fromString(aliceId))
            .query(Long.class)
            .single()).isEqualTo(10);
    }

    private Response open(String token, String hours) {
        return http.send("POST", "/api/v1/quota-requests", token,
                "{\"hours\":" + hours + ",\"justification\":\"race\",\"project\":null}", "application/json", Map.of());
    }

    /** The account's TOP_UP entries, oldest first: the rounds run one after another, so a round adds its own at the end. */
    private List<BigDecimal> topUps(UUID accountId) {
        return jdbc.sql("SELECT delta_hours FROM quota_ledger WHERE account_id = :account AND kind = 'TOP_UP' ORDER BY seq")
            .param("account", accountId)
            .query(BigDecimal.class)
            .list();
    }

    private List<JsonNode> decidedEvents(String requestId) {
        return jdbc.sql("SELECT payload FROM webhook_events WHERE type = 'quota_request.decided' AND payload LIKE :id")
            .param("id", "%" + requestId + "%")
            .query(String.class)
            .list()
            .stream()
            .map(payload -> (JsonNode) tools.jackson.databind.json.JsonMapper.builder().build().readTree(payload))
            .toList();
    }

    /** The balance equals the sum of the ledger, and the TOP_UP entries equal the approved grants. */
    private void assertBalanceMatchesLedger() {
        UUID account = UUID.fromString(aliceId);
        BigDecimal balance = jdbc.sql("SELECT balance FROM quota_accounts WHERE account_id = :id")
            .param("id", account)
            .query(BigDecimal.class)
            .single();
        BigDecimal ledger = jdbc.sql("SELECT COALESCE(SUM(delta_hours), 0) FROM quota_ledger WHERE account_id = :id")
            .param("id", account)
            .query(BigDecimal.class)
            .single();
        BigDecimal topUps = jdbc.sql("SELECT COALESCE(SUM(delta_hours), 0) FROM quota_ledger WHERE account_id = :id "
                + "AND kind = 'TOP_UP'").param("id", account).query(BigDecimal.class).single();
        BigDecimal granted = jdbc.sql("SELECT COALESCE(SUM(granted_hours), 0) FROM quota_requests "
                + "WHERE requester_id = :id AND status = 'APPROVED'").param("id", account).query(BigDecimal.class).single();
        assertThat(balance).isEqualByComparingTo(ledger);
        assertThat(topUps).isEqualByComparingTo(granted);
    }
}
