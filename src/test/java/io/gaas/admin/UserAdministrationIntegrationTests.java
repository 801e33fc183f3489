package io.gaas.admin;

import static io.gaas.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import io.gaas.support.SharedPostgres;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;
import tools.jackson.databind.JsonNode;

/**
 * An admin's changes of role and enabled flag, on a PostgreSQL database of its own, so that the
 * number of enabled admins is known: only the configured {@code pgadmin} and what these tests make.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=pgadmin", "gaas.admin.password=" + TestHttp.PASSWORD })
@Import(SharedPostgres.class)
class UserAdministrationIntegrationTests {

    private static final String ADMIN = "pgadmin";

    @LocalServerPort
    int port;

    TestHttp http;
    String adminToken;
    String adminId;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        adminToken = http.login(ADMIN);
        adminId = http.get("/api/v1/users/me", adminToken).text("id");
    }

    @Test
    void patchWhenRoleSetToAdminThenUserGainsAdminAccessAndLosesItWhenDemoted() {
        String name = TestHttp.uniqueName("promo");
        String id = http.register(name);
        String token = http.login(name);
        assertProblem(http.get("/api/v1/admin/users", token), 403, "FORBIDDEN");

        Response promoted = patch(id, Map.of("role", "ADMIN"));
        assertThat(promoted.status()).as(promoted.body()).isEqualTo(200);
        assertThat(promoted.text("role")).isEqualTo("ADMIN");
        assertThat(promoted.json().get("enabled").asBoolean()).isTrue();
        assertThat(promoted.decimal("quotaHours")).isEqualByComparingTo("10");
        assertThat(http.get("/api/v1/admin/users", token).status()).isEqualTo(200);

        Response demoted = patch(id, Map.of("role", "USER"));
        assertThat(demoted.status()).as(demoted.body()).isEqualTo(200);
        assertThat(demoted.text("role")).isEqualTo("USER");
        assertProblem(http.get("/api/v1/admin/users", token), 403, "FORBIDDEN");
        assertThat(http.get("/api/v1/users/me", token).text("role")).isEqualTo("USER");
    }

    @Test
    void loginWhenAccountDisabledThenRightPasswordIsAccountDisabledAndWrongOneInvalidCredentials() {
        String name = TestHttp.uniqueName("dis");
        String id = http.register(name);

        Response disabled = patch(id, Map.of("enabled", false));
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
        assertThat(disabled.json().get("enabled").asBoolean()).isFalse();

        assertProblem(login(name, TestHttp.PASSWORD), 403, "ACCOUNT_DISABLED");
        assertProblem(login(name.toUpperCase(), TestHttp.PASSWORD), 403, "ACCOUNT_DISABLED");
        assertProblem(login(name, "not the password"), 401, "INVALID_CREDENTIALS");
        Response oauth = http.postForm("/api/v1/auth/token",
                "grant_type=password&username=" + name + "&password=" + TestHttp.PASSWORD.replace(' ', '+'));
        assertThat(oauth.status()).isEqualTo(400);
        assertThat(oauth.text("error")).isEqualTo("invalid_grant");

        assertThat(patch(id, Map.of("enabled", true)).status()).isEqualTo(200);
        assertThat(login(name, TestHttp.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void patchWhenBodyIsEmptyOrRepeatsCurrentValuesThenNothingChanges() {
        String name = TestHttp.uniqueName("same");
        String id = http.register(name);
        String token = http.login(name);

        for (Object body : List.of(Map.of(), Map.of("role", "USER"), Map.of("enabled", true),
                Map.of("role", "USER", "enabled", true))) {
            Response response = patch(id, body);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.text("role")).isEqualTo("USER");
            assertThat(response.json().get("enabled").asBoolean()).isTrue();
        }
        assertThat(http.get("/api/v1/users/me", token).status()).as("enabling an enabled user revokes nothing")
            .isEqualTo(200);
    }

    @Test
    void patchWhenTargetIsTheLastEnabledAdminThenLastAdminAndNothingChanges() {
        disableEveryOtherAdmin();

        assertProblem(patch(adminId, Map.of("role", "USER")), 409, "LAST_ADMIN");
        assertProblem(patch(adminId, Map.of("enabled", false)), 409, "LAST_ADMIN");
        assertProblem(patch(adminId, Map.of("role", "ADMIN", "enabled", false)), 409, "LAST_ADMIN");
        assertProblem(patch(adminId, Map.of("role", "USER", "enabled", true)), 409, "LAST_ADMIN");

        Response unchanged = patch(adminId, Map.of("role", "ADMIN", "enabled", true));
        assertThat(unchanged.status()).as(unchanged.body()).isEqualTo(200);
        assertThat(http.get("/api/v1/admin/users", adminToken).status()).isEqualTo(200);
        assertThat(enabledAdmins()).containsExactly(ADMIN);
    }

    @Test
    void patchWhenTheOtherAdminIsDisabledThenTheLastEnabledOneIsStillProtected() {
        disableEveryOtherAdmin();
        String other = TestHttp.uniqueName("second");
        String otherId = http.register(other);
        assertThat(patch(otherId, Map.of("role", "ADMIN")).status()).isEqualTo(200);
        assertThat(patch(otherId, Map.of("enabled", false)).status()).as("two admins: one may go").isEqualTo(200);

        assertProblem(patch(adminId, Map.of("role", "USER")), 409, "LAST_ADMIN");

        assertThat(patch(otherId, Map.of("enabled", true)).status()).isEqualTo(200);
        Response demoted = patch(otherId, Map.of("role", "USER"));
        assertThat(demoted.status()).as("two enabled admins: one may be demoted").isEqualTo(200);
        assertThat(enabledAdmins()).containsExactly(ADMIN);
    }

    @Test
    void patchWhenTwoAdminsDemoteEachOtherAtOnceThenExactlyOneWins() throws Exception {
        disableEveryOtherAdmin();
        String other = TestHttp.uniqueName("rival");
        String otherId = http.register(other);
        assertThat(patch(otherId, Map.of("role", "ADMIN")).status()).isEqualTo(200);
        String otherToken = http.login(other);

        CountDownLatch start = new CountDownLatch(1);
        List<Response> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<Response> mine = pool.submit(() -> {
                start.await();
                return http.patch("/api/v1/admin/users/" + otherId, adminToken, Map.of("role", "USER"));
            });
            Future<Response> theirs = pool.submit(() -> {
                start.await();
                return http.patch("/api/v1/admin/users/" + adminId, otherToken, Map.of("role", "USER"));
            });
            start.countDown();
            results.add(mine.get());
            results.add(theirs.get());
        }
        List<String> admins = enabledAdminsAs(results.get(0).status() == 200 ? adminToken : otherToken);
        if (!admins.contains(ADMIN)) {
            // The rival won: give the configured admin its role back for the other tests.
            assertThat(http.patch("/api/v1/admin/users/" + adminId, otherToken, Map.of("role", "ADMIN")).status())
                .isEqualTo(200);
        }

        // The loser is either held back by the admin lock (409 LAST_ADMIN) or, if the winner committed
        // before the loser's request was authenticated, already a USER (403 FORBIDDEN).
        assertThat(results).filteredOn(r -> r.status() == 200).hasSize(1);
        assertThat(results).filteredOn(r -> r.status() != 200).singleElement()
            .satisfies(r -> assertThat(r.code()).isIn("LAST_ADMIN", "FORBIDDEN"));
        assertThat(admins).hasSize(1);
    }

    @Test
    void registerWhenUsernameDiffersOnlyInCaseThenUsernameTaken() {
        String name = TestHttp.uniqueName("CaseUser");
        Response first = http.post("/api/v1/auth/register", null,
                Map.of("username", name, "password", TestHttp.PASSWORD));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.text("username")).isEqualTo(name.toLowerCase());

        for (String variant : List.of(name.toLowerCase(), name.toUpperCase(), name)) {
            Response again = http.post("/api/v1/auth/register", null,
                    Map.of("username", variant, "password", "another password"));
            assertProblem(again, 409, "USERNAME_TAKEN");
        }
        assertProblem(http.post("/api/v1/auth/register", null,
                Map.of("username", "PgAdmin", "password", TestHttp.PASSWORD)), 409, "USERNAME_TAKEN");
        assertThat(http.login(name.toUpperCase())).as("the first password still holds").isNotBlank();
    }

    // ---------------------------------------------------------------- helpers

    private Response patch(String userId, Object body) {
        return http.patch("/api/v1/admin/users/" + userId, adminToken, body);
    }

    private Response login(String username, String password) {
        return http.post("/api/v1/auth/login", null, Map.of("username", username, "password", password));
    }

    private List<JsonNode> allUsers(String token) {
        List<JsonNode> users = new ArrayList<>();
        for (int page = 0;; page++) {
            Response response = http.get("/api/v1/admin/users?size=100&page=" + page, token);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            response.json().get("content").valueStream().forEach(users::add);
            if (page + 1 >= response.json().get("page").get("totalPages").asInt()) {
                return users;
            }
        }
    }

    private List<String> enabledAdmins() {
        return enabledAdminsAs(adminToken);
    }

    private List<String> enabledAdminsAs(String token) {
        return allUsers(token).stream()
            .filter(user -> user.get("role").asString().equals("ADMIN") && user.get("enabled").asBoolean())
            .map(user -> user.get("username").asString())
            .toList();
    }

    /** Leaves the configured admin as the only enabled admin, whatever earlier tests promoted. */
    private void disableEveryOtherAdmin() {
        for (JsonNode user : allUsers(adminToken)) {
            if (user.get("role").asString().equals("ADMIN") && user.get("enabled").asBoolean()
                    && !user.get("username").asString().equals(ADMIN)) {
                assertThat(patch(user.get("id").asString(), Map.of("enabled", false)).status()).isEqualTo(200);
            }
        }
        assertThat(enabledAdmins()).containsExactly(ADMIN);
    }
}
