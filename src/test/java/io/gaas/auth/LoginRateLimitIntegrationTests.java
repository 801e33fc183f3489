package io.gaas.auth;

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

/**
 * The per-(username, address) login limit (5 failures in 15 minutes), counted in PostgreSQL, for
 * clients that all come from one address (the loopback peer; no proxy is trusted here); wrong
 * current passwords at a password change count as failed logins. Other addresses, the per-address
 * limit, the window and two replicas: {@link LoginThrottleAcrossReplicasTests}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=pgadmin", "gaas.admin.password=" + TestHttp.PASSWORD })
@Import(SharedPostgres.class)
class LoginRateLimitIntegrationTests {

    private static final int LIMIT = 5;

    @LocalServerPort
    int port;

    TestHttp http;
    String name;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        name = TestHttp.uniqueName("limit");
        http.register(name);
    }

    @Test
    void loginWhenFiveWrongPasswordsThenEvenTheRightOneIsTooManyRequests() {
        for (int i = 0; i < LIMIT; i++) {
            assertProblem(login(name, "wrong " + i), 401, "INVALID_CREDENTIALS");
        }

        Response blocked = login(name, TestHttp.PASSWORD);

        assertTooManyRequests(blocked);
        assertThat(blocked.body()).doesNotContain("accessToken");
        assertTooManyRequests(login(name.toUpperCase(), TestHttp.PASSWORD));
    }

    @Test
    void tokenEndpointWhenFiveWrongPasswordsThenTooManyRequestsOnBothEndpoints() {
        for (int i = 0; i < LIMIT; i++) {
            Response wrong = token(name, "wrong" + i);
            assertThat(wrong.status()).isEqualTo(400);
            assertThat(wrong.text("error")).isEqualTo("invalid_grant");
        }

        Response blocked = token(name, TestHttp.PASSWORD);

        assertTooManyRequests(blocked);
        assertThat(blocked.body()).doesNotContain("access_token");
        assertTooManyRequests(login(name, TestHttp.PASSWORD));
    }

    @Test
    void loginWhenFailuresAreSpreadOverBothEndpointsThenTheyCountTogether() {
        for (int i = 0; i < LIMIT; i++) {
            if (i % 2 == 0) {
                assertProblem(login(name, "wrong"), 401, "INVALID_CREDENTIALS");
            }
            else {
                assertThat(token(name, "wrong").status()).isEqualTo(400);
            }
        }

        assertTooManyRequests(token(name, TestHttp.PASSWORD));
    }

    @Test
    void loginWhenUnknownUsernameFailsFiveTimesInAnyCaseThenTooManyRequests() {
        String unknown = TestHttp.uniqueName("ghost");
        for (String variant : List.of(unknown, unknown.toUpperCase(), unknown, unknown.toUpperCase(), unknown)) {
            assertProblem(login(variant, TestHttp.PASSWORD), 401, "INVALID_CREDENTIALS");
        }

        assertTooManyRequests(login(unknown, TestHttp.PASSWORD));
        // The limit is per name: a real user next door is not affected.
        assertThat(login(name, TestHttp.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void loginWhenSuccessfulThenTheFailureCountStartsAgain() {
        for (int i = 0; i < LIMIT - 1; i++) {
            assertProblem(login(name, "wrong"), 401, "INVALID_CREDENTIALS");
        }
        assertThat(login(name, TestHttp.PASSWORD).status()).isEqualTo(200);
        for (int i = 0; i < LIMIT - 1; i++) {
            assertProblem(login(name, "wrong"), 401, "INVALID_CREDENTIALS");
        }

        assertThat(login(name, TestHttp.PASSWORD).status()).isEqualTo(200);
        for (int i = 0; i < LIMIT; i++) {
            assertProblem(login(name, "wrong"), 401, "INVALID_CREDENTIALS");
        }
        assertTooManyRequests(login(name, TestHttp.PASSWORD));
    }

    @Test
    void loginWhenTwentyWrongPasswordsArriveAtOnceThenExactlyFiveAreJudged() throws Exception {
        int threads = 20;
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> futures = new ArrayList<>();
        List<Response> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                String password = "wrong " + i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    return login(name, password);
                }));
            }
            ready.await();
            start.countDown();
            for (Future<Response> future : futures) {
                responses.add(future.get());
            }
        }

        assertThat(responses).filteredOn(r -> r.status() == 401).hasSize(LIMIT)
            .allSatisfy(r -> assertThat(r.code()).isEqualTo("INVALID_CREDENTIALS"));
        assertThat(responses).filteredOn(r -> r.status() != 401).hasSize(threads - LIMIT)
            .allSatisfy(this::assertTooManyRequests);
        assertTooManyRequests(login(name, TestHttp.PASSWORD));
    }

    @Test
    void changePasswordWhenFiveWrongCurrentPasswordsThenTooManyRequestsThereAndAtLogin() {
        String token = http.login(name);
        for (int i = 0; i < LIMIT; i++) {
            assertProblem(changePassword(token, "wrong " + i), 401, "INVALID_CREDENTIALS");
        }

        assertTooManyRequests(changePassword(token, TestHttp.PASSWORD));
        assertTooManyRequests(login(name, TestHttp.PASSWORD));
        // Not changed by the refused request: the old token still works.
        assertThat(http.get("/api/v1/users/me", token).status()).isEqualTo(200);
    }

    @Test
    void changePasswordWhenWrongLoginsReachedTheLimitThenTooManyRequestsEvenWithTheRightPassword() {
        String token = http.login(name);
        for (int i = 0; i < LIMIT; i++) {
            assertProblem(login(name, "wrong " + i), 401, "INVALID_CREDENTIALS");
        }

        assertTooManyRequests(changePassword(token, TestHttp.PASSWORD));
    }

    @Test
    void changePasswordWhenRightAfterFourWrongOnesThenChangedAndTheCountStartsAgain() {
        String token = http.login(name);
        for (int i = 0; i < LIMIT - 1; i++) {
            assertProblem(changePassword(token, "wrong " + i), 401, "INVALID_CREDENTIALS");
        }

        assertThat(changePassword(token, TestHttp.PASSWORD).status()).isEqualTo(204);
        for (int i = 0; i < LIMIT - 1; i++) {
            assertProblem(login(name, "wrong " + i), 401, "INVALID_CREDENTIALS");
        }
        assertThat(login(name, "a new password 123").status()).isEqualTo(200);
    }

    private void assertTooManyRequests(Response response) {
        assertProblem(response, 429, "TOO_MANY_REQUESTS");
        String retryAfter = response.header("Retry-After");
        assertThat(retryAfter).as("Retry-After").isNotNull().matches("[0-9]+");
        assertThat(Long.parseLong(retryAfter)).isBetween(1L, 900L);
    }

    private Response login(String username, String password) {
        return http.post("/api/v1/auth/login", null, Map.of("username", username, "password", password));
    }

    private Response changePassword(String token, String currentPassword) {
        return http.post("/api/v1/users/me/password", token,
                Map.of("currentPassword", currentPassword, "newPassword", "a new password 123"));
    }

    private Response token(String username, String password) {
        return http.postForm("/api/v1/auth/token",
                "grant_type=password&username=" + username + "&password=" + password.replace(' ', '+'));
    }
}
