package io.gaas.token;

import static io.gaas.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import io.gaas.support.SettableClock;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;
import tools.jackson.databind.JsonNode;

/**
 * Personal access tokens over HTTP: created once and shown once, acting as their user with a
 * USER's powers unless made for an admin, refused where only a login may act, and dead at once
 * when deleted, expired or their user disabled. The service's clock is the test's, so expiry is
 * reached by moving it (it only moves forward here).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=tokenadmin", "gaas.admin.password=" + TestHttp.PASSWORD })
class PersonalTokenIntegrationTests {

    private static final String ADMIN = "tokenadmin";

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        @Primary
        SettableClock settableClock() {
            return new SettableClock(Instant.now());
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    SettableClock clock;

    TestHttp http;
    String name;
    String userId;
    String login;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        name = TestHttp.uniqueName("scripter");
        userId = http.register(name);
        login = http.login(name);
    }

    private Response create(String loginToken, Map<String, Object> body) {
        return http.post("/api/v1/users/me/tokens", loginToken, body);
    }

    private String newToken(String loginToken) {
        Response created = create(loginToken, Map.of("name", "ci"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("token");
    }

    @Test
    void createWhenValidThenShownOnceAndStoredWithoutSecret() {
        Instant before = clock.instant();
        Response created = create(login, Map.of("name", "  nightly ci  ", "expiresInDays", 30));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/users/me/tokens/" + created.text("id"));
        String token = created.text("token");
        assertThat(token).startsWith("gaasp_");
        assertThat(Base64.getUrlDecoder().decode(token.substring("gaasp_".length()))).hasSizeGreaterThanOrEqualTo(32);
        assertThat(created.text("name")).isEqualTo("nightly ci");
        assertThat(created.json().get("admin").asBoolean()).isFalse();
        assertThat(created.json().get("lastUsedAt").isNull()).isTrue();
        assertThat(Duration.between(Instant.parse(created.text("createdAt")), Instant.parse(created.text("expiresAt"))))
            .isEqualTo(Duration.ofDays(30));
        assertThat(Instant.parse(created.text("createdAt"))).isAfterOrEqualTo(before.minusMillis(1));

        Response list = http.get("/api/v1/users/me/tokens", login);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(token).doesNotContain(token.substring(6));
        JsonNode listed = list.json().get("content").get(0);
        assertThat(listed.get("id").asString()).isEqualTo(created.text("id"));
        assertThat(listed.has("token")).isFalse();
    }

    @Test
    void createWhenNoExpiryGivenThenNinetyDays() {
        Response created = create(login, Map.of("name", "default"));

        assertThat(Duration.between(Instant.parse(created.text("createdAt")), Instant.parse(created.text("expiresAt"))))
            .isEqualTo(Duration.ofDays(90));
    }

    @Test
    void tokenWhenUsedThenActsAsItsUserAndRecordsLastUseAtMostOnceAMinute() {
        String token = newToken(login);

        Response me = http.get("/api/v1/users/me", token);
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.text("id")).isEqualTo(userId);
        Response job = http.post("/api/v1/jobs", token, Map.of("name", "scripted", "gpuHours", 1));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        assertThat(job.json().get("owner").get("username").asString()).isEqualTo(name);

        String firstUse = onlyToken().get("lastUsedAt").asString();
        assertThat(firstUse).isNotNull();
        clock.moveBy(Duration.ofSeconds(30));
        http.get("/api/v1/users/me", token);
        assertThat(onlyToken().get("lastUsedAt").asString()).as("within a minute: not written again")
            .isEqualTo(firstUse);
        clock.moveBy(Duration.ofSeconds(31));
        http.get("/api/v1/users/me", token);
        assertThat(Instant.parse(onlyToken().get("lastUsedAt").asString())).isAfter(Instant.parse(firstUse));
    }

    private JsonNode onlyToken() {
        Response list = http.get("/api/v1/users/me/tokens", http.login(name));
        assertThat(list.json().get("content")).hasSize(1);
        return list.json().get("content").get(0);
    }

    @Test
    void tokenWhenUsedWhereOnlyALoginMayActThenTokenNotAllowedAndNothingChanges() {
        String token = newToken(login);
        String tokenId = http.get("/api/v1/users/me/tokens", login).json().get("content").get(0).get("id").asString();

        assertProblem(http.post("/api/v1/users/me/password", token,
                Map.of("currentPassword", TestHttp.PASSWORD, "newPassword", "another long passphrase")), 403,
                "TOKEN_NOT_ALLOWED");
        assertProblem(http.get("/api/v1/users/me/tokens", token), 403, "TOKEN_NOT_ALLOWED");
        assertProblem(create(token, Map.of("name", "child")), 403, "TOKEN_NOT_ALLOWED");
        assertProblem(http.delete("/api/v1/users/me/tokens/" + tokenId, token), 403, "TOKEN_NOT_ALLOWED");
        assertProblem(http.post("/api/v1/auth/logout", token, null), 403, "TOKEN_NOT_ALLOWED");

        assertThat(http.get("/api/v1/users/me", login).status()).as("the login was not ended").isEqualTo(200);
        assertThat(http.login(name)).as("the password did not change").isNotBlank();
        assertThat(http.get("/api/v1/users/me/tokens", login).json().get("content")).hasSize(1);
    }

    @Test
    void tokenWhenMadeWithoutAdminByAnAdminThenActsAsUser() {
        String adminLogin = http.login(ADMIN);
        String token = newToken(adminLogin);
        String other = http.registerAndLogin(TestHttp.uniqueName("other"));
        String otherJob = http.post("/api/v1/jobs", other, Map.of("name", "theirs", "gpuHours", 1)).text("id");

        assertProblem(http.get("/api/v1/admin/users", token), 403, "TOKEN_NOT_ALLOWED");
        assertProblem(http.patch("/api/v1/jobs/" + otherJob + "/status", token, Map.of("status", "APPROVED")), 403,
                "FORBIDDEN");
        assertProblem(http.get("/api/v1/jobs/" + otherJob, token), 404, "NOT_FOUND");
        assertThat(http.get("/api/v1/jobs?size=100", token).json().get("content")).as("a USER sees only their own")
            .noneSatisfy(job -> assertThat(job.get("id").asString()).isEqualTo(otherJob));
        assertThat(http.get("/api/v1/users/me", token).text("role")).as("the account itself is unchanged")
            .isEqualTo("ADMIN");
        assertThat(http.get("/api/v1/jobs/" + otherJob, adminLogin).status()).isEqualTo(200);
    }

    @Test
    void tokenWhenMadeWithAdminByAnAdminThenHasAdminPowersUntilDemoted() {
        String adminName = TestHttp.uniqueName("deputy");
        String adminId = http.register(adminName);
        String root = http.login(ADMIN);
        assertThat(http.patch("/api/v1/admin/users/" + adminId, root, Map.of("role", "ADMIN")).status())
            .isEqualTo(200);
        Response created = create(http.login(adminName), Map.of("name", "ops", "admin", true));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("admin").asBoolean()).isTrue();
        String token = created.text("token");

        assertThat(http.get("/api/v1/admin/users", token).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/users/me", token).text("role")).isEqualTo("ADMIN");

        assertThat(http.patch("/api/v1/admin/users/" + adminId, root, Map.of("role", "USER")).status())
            .isEqualTo(200);
        assertProblem(http.get("/api/v1/admin/users", token), 403, "FORBIDDEN");
        assertThat(http.get("/api/v1/users/me", token).text("role")).isEqualTo("USER");
    }

    @Test
    void createWhenUserAsksForAnAdminTokenThenValidationFailedOnAdmin() {
        Response refused = create(login, Map.of("name", "sneaky", "admin", true));

        assertProblem(refused, 400, "VALIDATION_FAILED");
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("admin");
        assertThat(http.get("/api/v1/users/me/tokens", login).json().get("content")).isEmpty();
    }

    @Test
    void createWhenTwentyLiveTokensThenTooManyTokensButExpiredAndDeletedOnesDoNotCount() {
        String first = create(login, Map.of("name", "t0", "expiresInDays", 1)).text("id");
        for (int i = 1; i < 20; i++) {
            Response created = create(login, Map.of("name", "t" + i, "expiresInDays", 365));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }

        assertProblem(create(login, Map.of("name", "twenty-first")), 409, "TOO_MANY_TOKENS");
        assertThat(http.get("/api/v1/users/me/tokens?size=100", login).json().get("content")).hasSize(20);

        clock.moveBy(Duration.ofDays(1).plusSeconds(1)); // the first token has expired
        String fresh = http.login(name);
        assertThat(create(fresh, Map.of("name", "replaces-expired")).status()).isEqualTo(201);
        assertProblem(create(fresh, Map.of("name", "again")), 409, "TOO_MANY_TOKENS");
        String live = http.get("/api/v1/users/me/tokens?size=1", fresh).json().get("content").get(0).get("id")
            .asString();
        assertThat(http.delete("/api/v1/users/me/tokens/" + live, fresh).status()).isEqualTo(204);
        assertThat(create(fresh, Map.of("name", "replaces-deleted")).status()).isEqualTo(201);
        assertThat(http.get("/api/v1/users/me/tokens?size=100", fresh).json().get("content"))
            .as("the expired token is still listed").hasSize(21)
            .anySatisfy(token -> assertThat(token.get("id").asString()).isEqualTo(first));
    }

    @Test
    void tokenWhenDeletedThenRefusedAtOnce() {
        String token = newToken(login);
        String id = http.get("/api/v1/users/me/tokens", login).json().get("content").get(0).get("id").asString();

        assertThat(http.delete("/api/v1/users/me/tokens/" + id, login).status()).isEqualTo(204);

        assertUnauthenticated(token);
        assertProblem(http.delete("/api/v1/users/me/tokens/" + id, login), 404, "NOT_FOUND");
    }

    @Test
    void deleteWhenTheTokenIsAnotherUsersThenNotFoundAndItKeepsWorking() {
        String token = newToken(login);
        String id = http.get("/api/v1/users/me/tokens", login).json().get("content").get(0).get("id").asString();
        String intruder = http.registerAndLogin(TestHttp.uniqueName("intruder"));

        assertProblem(http.delete("/api/v1/users/me/tokens/" + id, intruder), 404, "NOT_FOUND");
        assertProblem(http.delete("/api/v1/users/me/tokens/" + UUID.randomUUID(), intruder), 404, "NOT_FOUND");
        assertThat(http.get("/api/v1/users/me/tokens", intruder).json().get("content")).isEmpty();

        assertThat(http.get("/api/v1/users/me", token).status()).isEqualTo(200);
    }

    @Test
    void tokenWhenUserDisabledThenRefusedAndReEnablingDoesNotReviveIt() {
        String token = newToken(login);
        String admin = http.login(ADMIN);

        assertThat(http.patch("/api/v1/admin/users/" + userId, admin, Map.of("enabled", false)).status())
            .isEqualTo(200);
        assertUnauthenticated(token);
        assertThat(http.patch("/api/v1/admin/users/" + userId, admin, Map.of("enabled", true)).status())
            .isEqualTo(200);

        assertUnauthenticated(token);
        assertThat(http.get("/api/v1/admin/users/" + userId + "/tokens", admin).json().get("content")).isEmpty();
    }

    @Test
    void tokenWhenUserLogsOutOrChangesPasswordThenKeepsWorking() {
        String token = newToken(login);

        assertThat(http.post("/api/v1/auth/logout", login, null).status()).isEqualTo(204);
        assertThat(http.get("/api/v1/users/me", token).status()).isEqualTo(200);
        Response change = http.post("/api/v1/users/me/password", http.login(name),
                Map.of("currentPassword", TestHttp.PASSWORD, "newPassword", "a brand new passphrase"));
        assertThat(change.status()).as(change.body()).isEqualTo(204);

        assertThat(http.get("/api/v1/users/me", token).status()).isEqualTo(200);
    }

    @Test
    void tokenWhenExpiredThenRefused() {
        String token = create(login, Map.of("name", "short", "expiresInDays", 1)).text("token");
        clock.moveBy(Duration.ofDays(1).minusSeconds(1));
        assertThat(http.get("/api/v1/users/me", token).status()).isEqualTo(200);

        clock.moveBy(Duration.ofSeconds(1));

        assertUnauthenticated(token);
    }

    @Test
    void adminWhenListingAndRevokingAUsersTokensThenTheyStopAtOnce() {
        String token = newToken(login);
        String admin = http.login(ADMIN);

        Response listed = http.get("/api/v1/admin/users/" + userId + "/tokens", admin);
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.json().get("content")).hasSize(1);
        assertThat(listed.body()).doesNotContain(token);
        String id = listed.json().get("content").get(0).get("id").asString();

        assertProblem(http.delete("/api/v1/admin/users/" + UUID.randomUUID() + "/tokens/" + id, admin), 404,
                "NOT_FOUND");
        assertThat(http.get("/api/v1/users/me", token).status()).isEqualTo(200);
        assertThat(http.delete("/api/v1/admin/users/" + userId + "/tokens/" + id, admin).status()).isEqualTo(204);

        assertUnauthenticated(token);
        assertProblem(http.get("/api/v1/admin/users/" + UUID.randomUUID() + "/tokens", admin), 404, "NOT_FOUND");
        assertProblem(http.get("/api/v1/admin/users/" + userId + "/tokens", login), 403, "FORBIDDEN");
    }

    // --- forged, truncated and otherwise wrong personal tokens: each a 401, as for login tokens

    record Target(String token, String deletedToken, String othersDeletedToken) {
    }

    static Arguments forged(String name, Function<Target, String> authorizationHeader) {
        return Arguments.argumentSet(name, authorizationHeader);
    }

    static Stream<Arguments> forgedTokens() {
        return Stream.of(
                forged("random, well formed", t -> "Bearer gaasp_" + randomSecret()),
                forged("truncated by one character", t -> "Bearer " + t.token().substring(0, t.token().length() - 1)),
                forged("truncated to the prefix", t -> "Bearer gaasp_"),
                forged("one character too many", t -> "Bearer " + t.token() + "A"),
                forged("last character changed", t -> "Bearer " + changeLast(t.token())),
                forged("prefix in upper case", t -> "Bearer GAASP_" + t.token().substring(6)),
                forged("secret without the prefix", t -> "Bearer " + t.token().substring(6)),
                forged("the worker prefix", t -> "Bearer gaasw_" + t.token().substring(6)),
                forged("the stored hash instead of the token",
                        t -> "Bearer gaasp_" + PersonalTokenService.hash(t.token())),
                forged("deleted", t -> "Bearer " + t.deletedToken()),
                forged("another user's deleted token", t -> "Bearer " + t.othersDeletedToken()),
                forged("token twice", t -> "Bearer " + t.token() + " " + t.token()),
                forged("scheme missing", Target::token),
                forged("percent-encoded NUL inside", t -> "Bearer " + t.token().substring(0, 10) + "%00" + t.token().substring(10)));
    }

    @ParameterizedTest
    @MethodSource("forgedTokens")
    void requestWhenPersonalTokenIsForgedThenUnauthenticatedWithBearerChallenge(Function<Target, String> header) {
        String deleted = newToken(login);
        deleteAll(login);
        String others = http.registerAndLogin(TestHttp.uniqueName("others"));
        String othersDeleted = newToken(others);
        deleteAll(others);
        Target target = new Target(newToken(login), deleted, othersDeleted);
        assertThat(http.get("/api/v1/users/me", target.token()).status()).as("the control case").isEqualTo(200);

        for (String path : new String[] { "/api/v1/users/me", "/api/v1/jobs", "/api/v1/admin/users" }) {
            Map<String, String> headers = new HashMap<>();
            headers.put("Authorization", header.apply(target));
            Response response = http.send("GET", path, null, null, null, headers);
            assertProblem(response, 401, "UNAUTHENTICATED");
            assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        }
    }

    private void deleteAll(String loginToken) {
        http.get("/api/v1/users/me/tokens", loginToken).json().get("content").valueStream()
            .forEach(token -> assertThat(http.delete("/api/v1/users/me/tokens/" + token.get("id").asString(),
                    loginToken).status()).isEqualTo(204));
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String changeLast(String token) {
        char last = token.charAt(token.length() - 1);
        return token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

    private void assertUnauthenticated(String token) {
        Response response = http.get("/api/v1/users/me", token);
        assertProblem(response, 401, "UNAUTHENTICATED");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }
}
