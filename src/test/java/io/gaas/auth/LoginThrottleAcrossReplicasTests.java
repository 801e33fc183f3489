package io.gaas.auth;

import static io.gaas.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.gaas.GaasApplication;
import io.gaas.support.EmbeddedPostgresSupport;
import io.gaas.support.MutableClock;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;

/**
 * Login throttling on two replicas (two contexts, one PostgreSQL database), with one clock that the
 * tests move by hand. The test's loopback peer 127.0.0.1 is the trusted proxy, so
 * {@code X-Forwarded-For} stands for the client's address; a request over ::1 comes from an
 * untrusted peer. An address may fail 100 logins within 15 minutes, whatever the usernames (the
 * default {@code GAAS_LOGIN_FAILURES_PER_ADDRESS}, which the rest of the suite raises); a (username,
 * address) pair may fail 5.
 */
class LoginThrottleAcrossReplicasTests {

    private static final int PER_PAIR = 5;
    private static final int PER_ADDRESS = 100;
    private static final String LOGIN = "/api/v1/auth/login";

    static final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;
    static TestHttp one;
    static TestHttp two;

    @BeforeAll
    static void startTwoReplicas() {
        String url = EmbeddedPostgresSupport.newDatabase();
        first = start(url);
        second = start(url);
        one = new TestHttp(port(first));
        two = new TestHttp(port(second));
    }

    @AfterAll
    static void stopReplicas() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    private static ConfigurableApplicationContext start(String url) {
        return new SpringApplicationBuilder(GaasApplication.class).initializers(context -> context.getBeanFactory()
            .addBeanPostProcessor(new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    return bean instanceof Clock ? clock : bean;
                }
            }))
            .run("--server.port=0", "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                    "--spring.datasource.password=postgres", "--gaas.trusted-proxies=127.0.0.1/32",
                    "--GAAS_LOGIN_FAILURES_PER_ADDRESS=" + PER_ADDRESS);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Test
    void loginWhenFiveFailuresForAliceFromAThenABothReplicasRefuseHerRightPasswordWhileBLogsIn() {
        String alice = registered("alice");
        String a = "198.51.100.10";
        String b = "198.51.100.11";
        for (int i = 0; i < PER_PAIR; i++) {
            assertProblem(login(i % 2 == 0 ? one : two, a, alice, "wrong " + i), 401, "INVALID_CREDENTIALS");
        }

        assertTooManyRequests(login(one, a, alice, TestHttp.PASSWORD), 900);
        assertTooManyRequests(login(two, a, alice, TestHttp.PASSWORD), 900);
        assertTooManyRequests(login(two, a, alice.toUpperCase(), TestHttp.PASSWORD), 900);
        assertThat(login(one, b, alice, TestHttp.PASSWORD).status()).isEqualTo(200);
        assertThat(login(two, b, alice, TestHttp.PASSWORD).status()).isEqualTo(200);
        // B's success is B's: A stays refused.
        assertTooManyRequests(login(one, a, alice, TestHttp.PASSWORD), 900);
    }

    @Test
    void loginWhenAnAddressFailsAHundredTimesOverManyNamesThenEveryLoginFromItIsRefusedAndAnotherAddressIsNot() {
        String bob = registered("bob");
        String c = "198.51.100.20";
        String d = "198.51.100.21";
        for (int i = 0; i < PER_ADDRESS; i++) {
            // two tries per name: far below the pair's limit
            assertProblem(login(i % 2 == 0 ? one : two, c, "ghost" + (i / 2) + bob, "guess"), 401,
                    "INVALID_CREDENTIALS");
        }

        assertTooManyRequests(login(one, c, bob, TestHttp.PASSWORD), 900);
        assertTooManyRequests(login(two, c, TestHttp.uniqueName("fresh"), "anything"), 900);
        assertTooManyRequests(token(two, c, bob, TestHttp.PASSWORD), 900);
        assertThat(login(two, d, bob, TestHttp.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void loginWhenForwardedForComesFromAnUntrustedPeerThenItIsNotBelieved() {
        String carol = registered("carol");
        TestHttp untrusted = new TestHttp("http://[::1]:" + port(first));
        String claimed = "203.0.113.50";
        for (int i = 0; i < PER_PAIR; i++) {
            assertProblem(login(untrusted, claimed, carol, "wrong " + i), 401, "INVALID_CREDENTIALS");
        }

        // Counted against the peer (::1), whatever it claimed: the claimed address is untouched ...
        assertThat(login(one, claimed, carol, TestHttp.PASSWORD).status()).isEqualTo(200);
        // ... and claiming another address does not get the peer past its own count.
        assertTooManyRequests(login(untrusted, "203.0.113.51", carol, TestHttp.PASSWORD), 900);
        assertTooManyRequests(login(untrusted, null, carol, TestHttp.PASSWORD), 900);
    }

    @Test
    void loginWhenIpv6AddressesShareASlash64ThenTheyCountTogether() {
        String dave = registered("dave");
        for (int i = 1; i <= PER_PAIR; i++) {
            assertProblem(login(i % 2 == 0 ? one : two, "2001:db8:5:6::" + i, dave, "wrong"), 401,
                    "INVALID_CREDENTIALS");
        }

        assertTooManyRequests(login(one, "2001:db8:5:6:ffff:1:2:3", dave, TestHttp.PASSWORD), 900);
        assertThat(login(two, "2001:db8:5:7::1", dave, TestHttp.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void loginWhenFifteenMinutesHavePassedSinceTheFailuresThenTheLimitsLift() {
        String erin = registered("erin");
        String e = "198.51.100.30";
        String f = "198.51.100.31";
        for (int i = 0; i < PER_PAIR; i++) {
            assertProblem(login(one, e, erin, "wrong"), 401, "INVALID_CREDENTIALS");
        }
        for (int i = 0; i < PER_ADDRESS; i++) {
            assertProblem(login(two, f, "nobody" + i + erin, "wrong"), 401, "INVALID_CREDENTIALS");
        }
        assertTooManyRequests(login(two, e, erin, TestHttp.PASSWORD), 900);

        clock.advance(Duration.ofMinutes(10));
        assertTooManyRequests(login(one, e, erin, TestHttp.PASSWORD), 300);
        assertTooManyRequests(login(two, f, erin, TestHttp.PASSWORD), 300);

        clock.advance(Duration.ofMinutes(5));
        assertThat(login(two, e, erin, TestHttp.PASSWORD).status()).isEqualTo(200);
        assertThat(login(one, f, erin, TestHttp.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void tokenEndpointWhenFiveFailuresThenRefusedThereAndAtLoginFromThatAddressOnly() {
        String frank = registered("frank");
        String g = "198.51.100.40";
        for (int i = 0; i < PER_PAIR; i++) {
            Response wrong = token(i % 2 == 0 ? one : two, g, frank, "wrong" + i);
            assertThat(wrong.status()).isEqualTo(400);
            assertThat(wrong.text("error")).isEqualTo("invalid_grant");
        }

        assertTooManyRequests(token(one, g, frank, TestHttp.PASSWORD), 900);
        assertTooManyRequests(login(two, g, frank, TestHttp.PASSWORD), 900);
        Response elsewhere = token(two, "198.51.100.41", frank, TestHttp.PASSWORD);
        assertThat(elsewhere.status()).isEqualTo(200);
        assertThat(elsewhere.text("access_token")).isNotBlank();
    }

    @Test
    void loginWhenSuccessfulThenThePairStartsAgainButTheAddressKeepsCounting() {
        String gina = registered("gina");
        String h = "198.51.100.50";
        for (int i = 0; i < PER_PAIR - 1; i++) {
            assertProblem(login(one, h, gina, "wrong"), 401, "INVALID_CREDENTIALS");
        }
        assertThat(login(two, h, gina, TestHttp.PASSWORD).status()).isEqualTo(200);
        for (int i = 0; i < PER_PAIR - 1; i++) {
            assertProblem(login(two, h, gina, "wrong"), 401, "INVALID_CREDENTIALS");
        }
        assertThat(login(one, h, gina, TestHttp.PASSWORD).status()).isEqualTo(200);

        // 8 failures from h so far, though each pair count started again: the rest reach the address's limit.
        int failed = 2 * (PER_PAIR - 1);
        for (int i = failed; i < PER_ADDRESS; i++) {
            assertProblem(login(i % 2 == 0 ? one : two, h, "other" + (i / 2) + gina, "wrong"), 401,
                    "INVALID_CREDENTIALS");
        }
        assertTooManyRequests(login(one, h, gina, TestHttp.PASSWORD), 900);
    }

    @Test
    void changePasswordWhenFiveWrongCurrentPasswordsThenRefusedThereAndAtLoginFromThatAddressOnly() {
        String hank = registered("hank");
        String i = "198.51.100.60";
        String token = login(one, "198.51.100.61", hank, TestHttp.PASSWORD).text("accessToken");
        for (int n = 0; n < PER_PAIR; n++) {
            assertProblem(changePassword(n % 2 == 0 ? one : two, i, token, "wrong " + n), 401, "INVALID_CREDENTIALS");
        }

        assertTooManyRequests(changePassword(two, i, token, TestHttp.PASSWORD), 900);
        assertTooManyRequests(login(one, i, hank, TestHttp.PASSWORD), 900);
        assertThat(login(two, "198.51.100.62", hank, TestHttp.PASSWORD).status()).isEqualTo(200);
    }

    private static String registered(String prefix) {
        String name = TestHttp.uniqueName(prefix);
        one.register(name);
        return name;
    }

    private static Response login(TestHttp replica, String forwardedFor, String username, String password) {
        return replica.post(LOGIN, null, Map.of("username", username, "password", password), headers(forwardedFor));
    }

    private static Response token(TestHttp replica, String forwardedFor, String username, String password) {
        return replica.send("POST", "/api/v1/auth/token", null,
                "grant_type=password&username=" + username + "&password=" + password.replace(' ', '+'),
                "application/x-www-form-urlencoded", headers(forwardedFor));
    }

    private static Response changePassword(TestHttp replica, String forwardedFor, String token, String current) {
        return replica.post("/api/v1/users/me/password", token,
                Map.of("currentPassword", current, "newPassword", "a new password 123"), headers(forwardedFor));
    }

    private static Map<String, String> headers(String forwardedFor) {
        return forwardedFor == null ? Map.of() : Map.of("X-Forwarded-For", forwardedFor);
    }

    /** Every failure in these tests happened at one instant, so the wait is known to the second. */
    private static void assertTooManyRequests(Response response, long retryAfterSeconds) {
        assertProblem(response, 429, "TOO_MANY_REQUESTS");
        assertThat(response.header("Retry-After")).as("Retry-After").isEqualTo(String.valueOf(retryAfterSeconds));
    }
}
