package io.gaas.user;

import static io.gaas.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.gaas.support.Accounts;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;
import tools.jackson.databind.JsonNode;

/**
 * Self-registration per client address and accounts made by admins. The test's loopback peer is a
 * trusted proxy here, so {@code X-Forwarded-For} stands for the client's address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=regadmin", "gaas.admin.password=" + TestHttp.PASSWORD,
                "gaas.trusted-proxies=127.0.0.1/32,::1/128", "gaas.registration.per-hour=20" })
class RegistrationIntegrationTests {

    private static final int PER_HOUR = 20;

    @LocalServerPort
    int port;

    TestHttp http;
    String admin;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        admin = http.login("regadmin");
    }

    private Response registerFrom(String address, String username) {
        return http.post("/api/v1/auth/register", null, Map.of("username", username, "password", TestHttp.PASSWORD),
                Map.of("X-Forwarded-For", address));
    }

    @Test
    void registerWhenAnAddressRegistered20TimesWithinAnHourThenTooManyRequestsWhileAnotherAddressRegisters() {
        String crowded = "198.51.100.20";
        for (int i = 0; i < PER_HOUR; i++) {
            Response registered = registerFrom(crowded, TestHttp.uniqueName("crowd"));
            assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        }
        String refusedName = TestHttp.uniqueName("crowd");

        Response refused = registerFrom(crowded, refusedName);

        assertProblem(refused, 429, "TOO_MANY_REQUESTS");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 3600L);
        assertProblem(http.post("/api/v1/auth/login", null,
                Map.of("username", refusedName, "password", TestHttp.PASSWORD)), 401, "INVALID_CREDENTIALS");
        assertThat(registerFrom("198.51.100.21", TestHttp.uniqueName("other")).status()).isEqualTo(201);
        assertThat(registerFrom("203.0.113.5, 198.51.100.22", TestHttp.uniqueName("hops")).status())
            .as("the last hop that is not a trusted proxy counts").isEqualTo(201);
        assertProblem(registerFrom("198.51.100.21, " + crowded, TestHttp.uniqueName("crowd")), 429,
                "TOO_MANY_REQUESTS");
    }

    @Test
    void registerWhenRefusedThenItDoesNotCountTowardsTheAddressLimit() {
        String address = "198.51.100.30";
        String taken = TestHttp.uniqueName("taken");
        assertThat(registerFrom(address, taken).status()).isEqualTo(201);
        for (int i = 0; i < PER_HOUR; i++) {
            assertProblem(registerFrom(address, taken), 409, "USERNAME_TAKEN");
        }

        assertThat(registerFrom(address, TestHttp.uniqueName("after")).status()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = { "system", "SYSTEM", "System" })
    void registerWhenUsernameIsSystemInAnyCaseThenValidationFailedOnUsername(String username) {
        Response refused = registerFrom("198.51.100.40", username);

        assertProblem(refused, 400, "VALIDATION_FAILED");
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("username");
        assertProblem(http.post("/api/v1/admin/users", admin,
                Map.of("username", username, "password", TestHttp.PASSWORD)), 400, "VALIDATION_FAILED");
    }

    @Test
    void createWhenAdminGivesOnlyNameAndPasswordThenUserWithTheConfiguredQuotaGrantedByTheAdmin() {
        String name = TestHttp.uniqueName("made");

        Response created = http.post("/api/v1/admin/users", admin,
                Map.of("username", name.toUpperCase(), "password", TestHttp.PASSWORD));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/admin/users/" + created.text("id"));
        assertThat(created.text("username")).isEqualTo(name);
        assertThat(created.text("role")).isEqualTo("USER");
        assertThat(created.decimal("quotaHours")).isEqualByComparingTo("10");
        assertThat(http.get(created.header("Location"), admin).text("username")).isEqualTo(name);
        String token = http.login(name);
        List<JsonNode> ledger = Accounts.ledger(http, token);
        assertThat(ledger).singleElement().satisfies(entry -> {
            assertThat(entry.get("kind").asString()).isEqualTo("INITIAL_GRANT");
            assertThat(entry.get("by").asString()).isEqualTo("regadmin");
        });
        assertProblem(http.post("/api/v1/admin/users", admin, Map.of("username", name, "password", TestHttp.PASSWORD)),
                409, "USERNAME_TAKEN");
    }

    @Test
    void createWhenAdminChoosesRoleAndHoursThenTheyAreGiven() {
        String boss = TestHttp.uniqueName("boss");
        String broke = TestHttp.uniqueName("broke");

        Response admin2 = http.post("/api/v1/admin/users", admin,
                Map.of("username", boss, "password", TestHttp.PASSWORD, "role", "ADMIN", "initialHours", 2.5));
        Response zero = http.post("/api/v1/admin/users", admin,
                Map.of("username", broke, "password", TestHttp.PASSWORD, "initialHours", 0));

        assertThat(admin2.status()).as(admin2.body()).isEqualTo(201);
        assertThat(admin2.text("role")).isEqualTo("ADMIN");
        assertThat(admin2.decimal("quotaHours")).isEqualByComparingTo("2.5");
        assertThat(http.get("/api/v1/admin/users", http.login(boss)).status()).isEqualTo(200);
        assertThat(zero.status()).as(zero.body()).isEqualTo(201);
        assertThat(zero.decimal("quotaHours")).isEqualByComparingTo("0");
        assertThat(Accounts.balance(http, http.login(broke))).isEqualByComparingTo("0");
    }

    @Test
    void createWhenCallerIsAUserThenForbiddenAndNoAccount() {
        String user = http.registerAndLogin(TestHttp.uniqueName("plain"));
        String name = TestHttp.uniqueName("ghost");

        assertProblem(http.post("/api/v1/admin/users", user, Map.of("username", name, "password", TestHttp.PASSWORD)),
                403, "FORBIDDEN");

        assertProblem(http.post("/api/v1/auth/login", null, Map.of("username", name, "password", TestHttp.PASSWORD)),
                401, "INVALID_CREDENTIALS");
    }
}
