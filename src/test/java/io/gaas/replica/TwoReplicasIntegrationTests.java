package io.gaas.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
import io.gaas.support.LedgerTimes;
import io.gaas.support.ParallelCalls;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;

/**
 * Two instances of the service (two Spring contexts on two ports) on one PostgreSQL database:
 * everything that must hold across replicas is decided in the database, not in a JVM. The second
 * replica's clock runs behind the first's, as replicas' clocks may differ a little.
 */
class TwoReplicasIntegrationTests {

    private static final String ADMIN = "replicaadmin";

    private static final Duration SECOND_REPLICAS_CLOCK_LAG = Duration.ofSeconds(2);

    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;
    static TestHttp one;
    static TestHttp two;

    @BeforeAll
    static void startTwoReplicas() {
        String url = EmbeddedPostgresSupport.newDatabase();
        first = start(url, Duration.ZERO);
        second = start(url, SECOND_REPLICAS_CLOCK_LAG.negated());
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

    private static ConfigurableApplicationContext start(String url, Duration clockOffset) {
        // Command-line arguments, so that they win over application.yml as on a real deployment.
        return new SpringApplicationBuilder(GaasApplication.class).initializers(context -> context.getBeanFactory()
            .addBeanPostProcessor(new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    return bean instanceof Clock clock ? Clock.offset(clock, clockOffset) : bean;
                }
            }))
            .run("--server.port=0",
                "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres", "--gaas.admin.username=" + ADMIN,
                "--gaas.admin.password=" + TestHttp.PASSWORD);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Test
    void submitWhen60ParallelRequestsHitBothReplicasThenExactly10HoursAreSpentAndTimesFollowSequence()
            throws Exception {
        String token = one.registerAndLogin(TestHttp.uniqueName("split"));

        List<Response> responses = ParallelCalls.run(60, i -> (i % 2 == 0 ? one : two).post("/api/v1/jobs", token,
                Map.of("name", "job-" + i, "gpuHours", 1)));

        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(10);
        assertThat(responses).filteredOn(r -> r.status() == 400).hasSize(50)
            .allSatisfy(r -> assertThat(r.code()).isEqualTo("INSUFFICIENT_QUOTA"));
        assertThat(one.get("/api/v1/users/me", token).decimal("quotaHours")).isEqualByComparingTo("0");
        Response ledger = two.get("/api/v1/users/me/ledger?size=100", token);
        assertThat(ledger.json().get("page").get("totalElements").asLong()).isEqualTo(11);
        assertThat(LedgerTimes.inSequenceOrder(ledger.json())).hasSize(11).isSorted();
        Map<String, Instant> chargedAt = LedgerTimes.ofChargesByJob(ledger.json());
        assertThat(responses).filteredOn(r -> r.status() == 201)
            .allSatisfy(created -> assertThat(Instant.parse(created.text("createdAt")))
                .isEqualTo(chargedAt.get(created.text("id"))));
    }

    @Test
    void approveWhenDoneOnOneReplicaThenTheOtherSeesIt() {
        String token = one.registerAndLogin(TestHttp.uniqueName("seen"));
        String jobId = one.post("/api/v1/jobs", token, Map.of("name", "shared", "gpuHours", 2)).text("id");

        Response approved = one.patch("/api/v1/jobs/" + jobId + "/status", one.login(ADMIN),
                Map.of("status", "APPROVED"));

        assertThat(approved.status()).isEqualTo(200);
        assertThat(two.get("/api/v1/jobs/" + jobId, token).text("status")).isEqualTo("APPROVED");
    }

    @Test
    void logoutWhenDoneOnOneReplicaThenTokenIsRefusedOnTheOther() {
        String name = TestHttp.uniqueName("leaver");
        String token = one.registerAndLogin(name);
        assertThat(two.get("/api/v1/users/me", token).status()).isEqualTo(200);

        assertThat(one.post("/api/v1/auth/logout", token, null).status()).isEqualTo(204);

        Response refused = two.get("/api/v1/users/me", token);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.code()).isEqualTo("UNAUTHENTICATED");
        assertThat(two.get("/api/v1/users/me", two.login(name)).status()).isEqualTo(200);
    }

    @Test
    void disableWhenDoneOnOneReplicaThenTokenIsRefusedOnTheOther() {
        String name = TestHttp.uniqueName("disabled");
        String token = one.registerAndLogin(name);
        String userId = one.get("/api/v1/users/me", token).text("id");

        Response disabled = one.patch("/api/v1/admin/users/" + userId, one.login(ADMIN), Map.of("enabled", false));

        assertThat(disabled.status()).isEqualTo(200);
        assertThat(two.get("/api/v1/users/me", token).status()).isEqualTo(401);
    }

    @Test
    void personalTokenWhenDeletedOnOneReplicaThenRefusedOnTheOtherAtOnce() {
        String login = one.registerAndLogin(TestHttp.uniqueName("scripted"));
        Response created = one.post("/api/v1/users/me/tokens", login, Map.of("name", "ci"));
        String token = created.text("token");
        assertThat(two.get("/api/v1/users/me", token).status()).isEqualTo(200);

        assertThat(one.delete("/api/v1/users/me/tokens/" + created.text("id"), login).status()).isEqualTo(204);

        assertThat(two.get("/api/v1/users/me", token).status()).isEqualTo(401);
        assertThat(one.get("/api/v1/users/me", token).status()).isEqualTo(401);
    }

    @Test
    void personalTokenWhenUserDisabledOnOneReplicaThenRefusedOnTheOtherEvenAfterReEnabling() {
        String login = one.registerAndLogin(TestHttp.uniqueName("scripted"));
        String userId = one.get("/api/v1/users/me", login).text("id");
        String token = one.post("/api/v1/users/me/tokens", login, Map.of("name", "ci")).text("token");
        assertThat(two.get("/api/v1/users/me", token).status()).isEqualTo(200);
        String admin = one.login(ADMIN);

        assertThat(one.patch("/api/v1/admin/users/" + userId, admin, Map.of("enabled", false)).status())
            .isEqualTo(200);
        assertThat(two.get("/api/v1/users/me", token).status()).isEqualTo(401);
        assertThat(two.patch("/api/v1/admin/users/" + userId, admin, Map.of("enabled", true)).status())
            .isEqualTo(200);

        assertThat(two.get("/api/v1/users/me", token).status()).isEqualTo(401);
        assertThat(one.get("/api/v1/users/me", token).status()).isEqualTo(401);
    }

    @Test
    void loginWhenFailuresAreSpreadOverBothReplicasThenTheyCountTogether() {
        String name = TestHttp.uniqueName("guessed");
        one.register(name);
        for (int i = 0; i < 5; i++) {
            Response failure = (i % 2 == 0 ? one : two).post("/api/v1/auth/login", null,
                    Map.of("username", name, "password", "wrong password " + i));
            assertThat(failure.status()).isEqualTo(401);
        }

        Response limited = two.post("/api/v1/auth/login", null, Map.of("username", name, "password", TestHttp.PASSWORD));

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.code()).isEqualTo("TOO_MANY_REQUESTS");
        assertThat(one.post("/api/v1/auth/login", null, Map.of("username", name, "password", TestHttp.PASSWORD))
            .status()).isEqualTo(429);
    }
}
