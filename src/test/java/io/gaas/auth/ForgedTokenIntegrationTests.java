package io.gaas.auth;

import static io.gaas.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;

/**
 * Tokens an attacker could build or keep: each must be refused with 401 UNAUTHENTICATED and a
 * Bearer challenge, and the database's view of the user (role, enabled, token version) must win
 * over whatever a token claims.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=flowadmin", "gaas.admin.password=" + TestHttp.PASSWORD })
class ForgedTokenIntegrationTests {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a forger knows: a real user's id and name, and (for the signed cases) the real secret. */
    record Target(String userId, String username, byte[] secret, String realToken) {
    }

    @LocalServerPort
    int port;

    @Value("${gaas.jwt.secret}")
    String secret;

    TestHttp http;
    Target target;

    /** The bootstrap admin of this class's context (a subclass on another database has its own). */
    String adminUsername() {
        return "flowadmin";
    }

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        String username = TestHttp.uniqueName("forged");
        String id = http.register(username);
        target = new Target(id, username, Base64.getDecoder().decode(secret), http.login(username));
    }

    static Arguments forged(String name, Function<Target, String> authorizationHeader) {
        return Arguments.argumentSet(name, authorizationHeader);
    }

    static Stream<Arguments> forgedTokens() {
        return Stream.of(
                forged("alg none, unsigned", t -> bearer(unsigned(header("none"), claims(t)))),
                forged("alg none, real signature kept", t -> bearer(swapHeader(t.realToken(), header("none")))),
                forged("HS512 with another key",
                        t -> bearer(Jwts.builder().claims(claims(t)).signWith(Keys.hmacShaKeyFor(randomBytes(64)),
                                Jwts.SIG.HS512).compact())),
                forged("HS256 with a wrong secret", t -> bearer(hmac("HS256", claims(t), randomBytes(32)))),
                forged("HS384 with the real secret", t -> bearer(hmac("HS384", claims(t), t.secret()))),
                forged("HS512 with the real secret", t -> bearer(hmac("HS512", claims(t), t.secret()))),
                forged("another issuer", t -> bearer(hmac("HS256", with(claims(t), "iss", "evil"), t.secret()))),
                forged("no issuer", t -> bearer(hmac("HS256", without(claims(t), "iss"), t.secret()))),
                forged("expired 10 s ago", t -> bearer(hmac("HS256", expiredClaims(t), t.secret()))),
                forged("sub is no user", t -> bearer(hmac("HS256", with(claims(t), "sub", UUID.randomUUID().toString()),
                        t.secret()))),
                forged("sub is not a UUID",
                        t -> bearer(hmac("HS256", with(claims(t), "sub", t.username()), t.secret()))),
                forged("no sub", t -> bearer(hmac("HS256", without(claims(t), "sub"), t.secret()))),
                forged("ver is a string", t -> bearer(hmac("HS256", with(claims(t), "ver", "0"), t.secret()))),
                forged("ver is 1 (a future version)",
                        t -> bearer(hmac("HS256", with(claims(t), "ver", 1), t.secret()))),
                forged("no ver", t -> bearer(hmac("HS256", without(claims(t), "ver"), t.secret()))),
                forged("payload changed, signature kept", t -> bearer(tamperPayload(t.realToken()))),
                forged("signature changed", t -> bearer(tamperSignature(t.realToken()))),
                forged("signature removed",
                        t -> bearer(t.realToken().substring(0, t.realToken().lastIndexOf('.') + 1))),
                forged("garbage", t -> "Bearer garbage"),
                forged("three empty parts", t -> "Bearer .."),
                forged("header only", t -> bearer(b64("{\"alg\":\"HS256\"}"))),
                forged("Bearer with an empty token", t -> "Bearer "),
                forged("Bearer with blanks only", t -> "Bearer    "),
                forged("scheme missing", t -> t.realToken()),
                forged("Basic with the right password",
                        t -> "Basic " + Base64.getEncoder()
                            .encodeToString((t.username() + ":" + TestHttp.PASSWORD).getBytes(StandardCharsets.UTF_8))),
                forged("token twice", t -> bearer(t.realToken() + " " + t.realToken())));
    }

    @ParameterizedTest
    @MethodSource("forgedTokens")
    void requestWhenTokenIsForgedThenUnauthenticatedWithBearerChallenge(Function<Target, String> authorization) {
        String header = authorization.apply(target);

        for (String path : new String[] { "/api/v1/users/me", "/api/v1/jobs", "/api/v1/admin/users" }) {
            Response response = http.send("GET", path, null, null, null, Map.of("Authorization", header));
            assertProblem(response, 401, "UNAUTHENTICATED");
            assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        }
    }

    @Test
    void requestWhenTokenIsBuiltLikeTheServiceDoesThenAccepted() {
        // The control case: the forging code above is right, so only the forged detail is refused.
        Response response = http.send("GET", "/api/v1/users/me", null, null, null,
                Map.of("Authorization", bearer(hmac("HS256", claims(target), target.secret()))));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.text("id")).isEqualTo(target.userId());
    }

    @Test
    void adminEndpointWhenUserTokenClaimsAdminRoleThenForbidden() {
        String token = hmac("HS256", with(claims(target), "role", "ADMIN"), target.secret());

        Response admin = http.get("/api/v1/admin/users", token);
        assertProblem(admin, 403, "FORBIDDEN");
        Response status = http.patch("/api/v1/jobs/" + UUID.randomUUID() + "/status", token,
                Map.of("status", "APPROVED"));
        assertProblem(status, 403, "FORBIDDEN");
        Response me = http.get("/api/v1/users/me", token);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("role")).isEqualTo("USER");
    }

    @Test
    void oldTokenWhenUserLoggedOutThenRefusedAndNewLoginWorksAtOnce() {
        String old = target.realToken();
        assertThat(http.post("/api/v1/auth/logout", old, null).status()).isEqualTo(204);

        assertUnauthenticated(old);
        String fresh = http.login(target.username());
        assertThat(http.get("/api/v1/users/me", fresh).status()).isEqualTo(200);
        assertUnauthenticated(old);
    }

    @Test
    void tokenWhenIssuedBeforeLogoutAndReplayedWithTheRealSecretThenRefused() {
        assertThat(http.post("/api/v1/auth/logout", target.realToken(), null).status()).isEqualTo(204);

        // Same claims as before the logout (ver 0), freshly signed with the real secret: still too old.
        assertUnauthenticated(hmac("HS256", claims(target), target.secret()));
    }

    @Test
    void oldTokenWhenPasswordChangedThenRefusedAndNewPasswordWorks() {
        String old = target.realToken();
        String older = http.login(target.username());
        Response change = http.post("/api/v1/users/me/password", old,
                Map.of("currentPassword", TestHttp.PASSWORD, "newPassword", "a brand new passphrase"));
        assertThat(change.status()).as(change.body()).isEqualTo(204);

        assertUnauthenticated(old);
        assertUnauthenticated(older);
        String fresh = http.login(target.username(), "a brand new passphrase");
        assertThat(http.get("/api/v1/users/me", fresh).status()).isEqualTo(200);
        Response oldPassword = http.post("/api/v1/auth/login", null,
                Map.of("username", target.username(), "password", TestHttp.PASSWORD));
        assertProblem(oldPassword, 401, "INVALID_CREDENTIALS");
    }

    @Test
    void adminTokenWhenAdminDemotedThenKeepsWorkingAsUser() {
        String admin = http.login(adminUsername());
        Response promote = http.patch("/api/v1/admin/users/" + target.userId(), admin, Map.of("role", "ADMIN"));
        assertThat(promote.status()).as(promote.body()).isEqualTo(200);
        String adminToken = http.login(target.username());
        assertThat(http.get("/api/v1/admin/users", adminToken).status()).isEqualTo(200);

        Response demote = http.patch("/api/v1/admin/users/" + target.userId(), admin, Map.of("role", "USER"));
        assertThat(demote.status()).as(demote.body()).isEqualTo(200);

        assertProblem(http.get("/api/v1/admin/users", adminToken), 403, "FORBIDDEN");
        Response me = http.get("/api/v1/users/me", adminToken);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("role")).isEqualTo("USER");
    }

    @Test
    void tokenWhenUserDisabledThenRefusedAndReEnablingDoesNotReviveIt() {
        String admin = http.login(adminUsername());
        String old = target.realToken();
        String alsoOld = hmac("HS256", claims(target), target.secret());

        assertThat(http.patch("/api/v1/admin/users/" + target.userId(), admin, Map.of("enabled", false)).status())
            .isEqualTo(200);
        assertUnauthenticated(old);
        assertProblem(http.post("/api/v1/auth/login", null,
                Map.of("username", target.username(), "password", TestHttp.PASSWORD)), 403, "ACCOUNT_DISABLED");

        assertThat(http.patch("/api/v1/admin/users/" + target.userId(), admin, Map.of("enabled", true)).status())
            .isEqualTo(200);
        assertUnauthenticated(old);
        assertUnauthenticated(alsoOld);
        assertThat(http.get("/api/v1/users/me", http.login(target.username())).status()).isEqualTo(200);
    }

    private void assertUnauthenticated(String token) {
        Response response = http.get("/api/v1/users/me", token);
        assertProblem(response, 401, "UNAUTHENTICATED");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    // ---------------------------------------------------------------- token forging

    /** The claims as TokenService issues them. */
    static Map<String, Object> claims(Target target) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "gaas");
        claims.put("sub", target.userId());
        claims.put("iat", now);
        claims.put("exp", now + 3600);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("role", "USER");
        claims.put("ver", 0);
        return claims;
    }

    static Map<String, Object> expiredClaims(Target target) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = claims(target);
        claims.put("iat", now - 3610);
        claims.put("exp", Date.from(Instant.now().minusSeconds(10)).getTime() / 1000);
        return claims;
    }

    static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
        claims.put(name, value);
        return claims;
    }

    static Map<String, Object> without(Map<String, Object> claims, String name) {
        claims.remove(name);
        return claims;
    }

    static String header(String alg) {
        return "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}";
    }

    static String unsigned(String header, Map<String, Object> claims) {
        return b64(header) + "." + b64(TestHttp.json(claims)) + ".";
    }

    /** A JWS signed by hand, so that any algorithm can be paired with any key. */
    static String hmac(String alg, Map<String, Object> claims, byte[] key) {
        String input = b64(header(alg)) + "." + b64(TestHttp.json(claims));
        String javaName = "Hmac" + alg.replace("HS", "SHA");
        try {
            Mac mac = Mac.getInstance(javaName);
            mac.init(new SecretKeySpec(key, javaName));
            return input + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String swapHeader(String token, String header) {
        return b64(header) + token.substring(token.indexOf('.'));
    }

    static String tamperPayload(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String admin = payload.replace("\"role\":\"USER\"", "\"role\":\"ADMIN\"");
        assertThat(admin).isNotEqualTo(payload);
        return parts[0] + "." + b64(admin) + "." + parts[2];
    }

    static String tamperSignature(String token) {
        int last = token.length() - 2;
        char changed = token.charAt(last) == 'A' ? 'B' : 'A';
        return token.substring(0, last) + changed + token.charAt(last + 1);
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
