package io.gaas.webhook;

import static io.gaas.support.Problems.assertProblem;
import static io.gaas.support.Problems.errorFields;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.gaas.support.SettableClock;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;
import io.gaas.support.WebhookReceiver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks end to end over real HTTP, with a real receiver: what is recorded, what arrives and how
 * it is signed, retries, a hanging receiver, and bad input. The dispatcher's schedule is off: each
 * test runs its polls itself, and moves the clock instead of sleeping through retry delays.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=hookadmin", "gaas.admin.password=" + TestHttp.PASSWORD,
                "gaas.webhooks.dispatcher-enabled=false", "gaas.webhooks.allowed-hosts=127.0.0.1,localhost",
                "gaas.webhooks.retry-base=PT1S", "gaas.webhooks.retry-cap=PT4S", "gaas.webhooks.max-attempts=5" })
@Import(WebhookDeliveryIntegrationTests.ControllableClock.class)
class WebhookDeliveryIntegrationTests {

    @TestConfiguration(proxyBeanMethods = false)
    static class ControllableClock {

        @Bean
        @Primary
        SettableClock settableClock() {
            return new SettableClock(Instant.now());
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    WebhookDispatcher dispatcher;

    @Autowired
    SettableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    io.gaas.job.JobService jobService;

    TestHttp http;
    /** For requests that break the document on purpose: only the answers are checked against it. */
    TestHttp hostile;
    String admin;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        hostile = http.hostile();
        admin = http.login("hookadmin");
        // Each test sees only its own webhooks: earlier tests' webhooks stop receiving.
        jdbc.sql("UPDATE webhooks SET enabled = FALSE").update();
        drain();
    }

    @AfterEach
    void tearDown() {
        drain();
    }

    /** Runs polls until nothing is due now, waiting for every send it starts. */
    private void drain() {
        for (int i = 0; i < 20; i++) {
            List<CompletableFuture<Void>> sending = dispatcher.dispatchDue();
            if (sending.isEmpty()) {
                return;
            }
            CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).join();
        }
    }

    private Response createWebhook(String url, List<String> events) {
        return http.post("/api/v1/admin/webhooks", admin, Map.of("url", url, "events", events));
    }

    private String webhookFor(WebhookReceiver receiver, String... events) {
        Response created = createWebhook(receiver.url(), List.of(events));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("id");
    }

    private JsonNode deliveries(String webhookId) {
        Response response = http.get("/api/v1/admin/webhooks/" + webhookId + "/deliveries", admin);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("content");
    }

    private String submit(String token, String hours) {
        Response job = http.post("/api/v1/jobs", token, Map.of("name", "train", "gpuHours", new java.math.BigDecimal(hours)));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        return job.text("id");
    }

    @Test
    void createThenTheSecretIsShownOnceAndTheViewHasEveryField() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Response created = createWebhook(receiver.url(), List.of("job.status_changed", "quota.low"));

            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.header("Location")).isEqualTo("/api/v1/admin/webhooks/" + created.text("id"));
            assertThat(created.text("secret")).startsWith("whsec_").hasSizeGreaterThan(40);
            assertThat(created.json().get("enabled").asBoolean()).isTrue();
            assertThat(created.json().get("description").isNull()).isTrue();
            Response read = http.get("/api/v1/admin/webhooks/" + created.text("id"), admin);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json().has("secret")).isFalse();
            assertThat(read.json().get("events").valueStream().map(JsonNode::asString))
                .containsExactly("job.status_changed", "quota.low");
            assertThat(http.get("/api/v1/admin/webhooks?size=100", admin).json().get("content").valueStream()
                .map(w -> w.get("id").asString())).contains(created.text("id"));
        }
    }

    @Test
    void jobStatusChangeThenArrivesSignedWithTheJobAfterTheChange() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Response created = createWebhook(receiver.url(), List.of("job.status_changed"));
            String secret = created.text("secret");
            String owner = http.registerAndLogin(TestHttp.uniqueName("hooked"));
            String jobId = submit(owner, "2");

            assertThat(http.patch("/api/v1/jobs/" + jobId + "/status", admin, Map.of("status", "APPROVED")).status())
                .isEqualTo(200);
            drain();

            assertThat(receiver.received()).hasSize(1);
            WebhookReceiver.Received delivery = receiver.received().getFirst();
            String timestamp = delivery.header("X-Gaas-Timestamp");
            assertThat(delivery.header("X-Gaas-Signature")).isEqualTo(Signatures.sign(secret, Long.parseLong(timestamp),
                    delivery.body()));
            assertThat(delivery.header("X-Gaas-Event")).isEqualTo("job.status_changed");
            JsonNode body = JSON.readTree(delivery.body());
            assertThat(body.get("id").asString()).isEqualTo(delivery.header("X-Gaas-Event-Id"));
            assertThat(body.get("type").asString()).isEqualTo("job.status_changed");
            assertThat(body.get("apiVersion").asString()).isEqualTo("1.1");
            assertThat(body.get("createdAt").asString()).isNotBlank();
            JsonNode data = body.get("data");
            assertThat(data.get("from").asString()).isEqualTo("PENDING");
            assertThat(data.get("to").asString()).isEqualTo("APPROVED");
            assertThat(data.get("by").asString()).isEqualTo("hookadmin");
            assertThat(data.get("job").get("id").asString()).isEqualTo(jobId);
            assertThat(data.get("job").get("status").asString()).isEqualTo("APPROVED");
            assertThat(data.get("job").has("history")).isFalse();
            assertThat(data.get("job").get("command").isNull()).isTrue();
            JsonNode view = deliveries(created.text("id")).get(0);
            assertThat(view.get("status").asString()).isEqualTo("DELIVERED");
            assertThat(view.get("attempts").asInt()).isEqualTo(1);
            assertThat(view.get("lastResponseStatus").asInt()).isEqualTo(200);
            assertThat(view.get("nextAttemptAt").isNull()).isTrue();
            String metrics = http.get("/actuator/prometheus", null).body();
            assertThat(metrics).contains("gaas_webhook_deliveries_total{outcome=\"delivered\"}")
                .contains("gaas_webhook_deliveries_oldest_pending_age_seconds");
        }
    }

    @Test
    void receiverAnswers500ThreeTimesThenDeliveredWithTheSameEventIdAfterFourAttempts() {
        try (WebhookReceiver receiver = new WebhookReceiver(500, 500, 500, 200)) {
            String webhookId = webhookFor(receiver, "ping");
            assertThat(http.post("/api/v1/admin/webhooks/" + webhookId + "/ping", admin, null).status()).isEqualTo(202);

            drain();
            for (int retry = 0; retry < 3; retry++) {
                JsonNode pending = deliveries(webhookId).get(0);
                assertThat(pending.get("status").asString()).isEqualTo("PENDING");
                assertThat(pending.get("attempts").asInt()).isEqualTo(retry + 1);
                assertThat(pending.get("lastResponseStatus").asInt()).isEqualTo(500);
                assertThat(Instant.parse(pending.get("nextAttemptAt").asString())).isAfter(clock.instant());
                clock.moveBy(Duration.ofSeconds(10));
                drain();
            }

            assertThat(receiver.received()).hasSize(4);
            assertThat(receiver.received().stream().map(r -> r.header("X-Gaas-Event-Id")).distinct()).hasSize(1);
            JsonNode delivered = deliveries(webhookId).get(0);
            assertThat(delivered.get("status").asString()).isEqualTo("DELIVERED");
            assertThat(delivered.get("attempts").asInt()).isEqualTo(4);
            assertThat(delivered.get("eventId").asString()).isEqualTo(receiver.received().getFirst()
                .header("X-Gaas-Event-Id"));
        }
    }

    @Test
    void receiverKeepsFailingThenFailedAfterTheLastTry() {
        try (WebhookReceiver receiver = new WebhookReceiver(500, 503, 301, 404, 500, 500)) {
            String webhookId = webhookFor(receiver, "ping");
            http.post("/api/v1/admin/webhooks/" + webhookId + "/ping", admin, null);

            for (int i = 0; i < 6; i++) {
                drain();
                clock.moveBy(Duration.ofSeconds(10));
            }

            assertThat(receiver.received()).hasSize(5);
            JsonNode failed = deliveries(webhookId).get(0);
            assertThat(failed.get("status").asString()).isEqualTo("FAILED");
            assertThat(failed.get("attempts").asInt()).isEqualTo(5);
            assertThat(failed.get("nextAttemptAt").isNull()).isTrue();
        }
    }

    @Test
    void receiverHangsThenOtherWebhooksAreStillDelivered() {
        try (WebhookReceiver hanging = new WebhookReceiver(WebhookReceiver.HANG, WebhookReceiver.HANG);
                WebhookReceiver healthy = new WebhookReceiver()) {
            String stuck = webhookFor(hanging, "ping");
            String fine = webhookFor(healthy, "ping");
            http.post("/api/v1/admin/webhooks/" + stuck + "/ping", admin, null);
            http.post("/api/v1/admin/webhooks/" + stuck + "/ping", admin, null);
            http.post("/api/v1/admin/webhooks/" + fine + "/ping", admin, null);

            List<CompletableFuture<Void>> sending = dispatcher.dispatchDue();
            assertThat(sending).hasSize(3);
            // Whichever future is the healthy one completes while the hanging ones are still open.
            CompletableFuture.anyOf(sending.toArray(CompletableFuture[]::new)).join();

            assertThat(healthy.received()).hasSize(1);
            assertThat(deliveries(fine).get(0).get("status").asString()).isEqualTo("DELIVERED");
            assertThat(deliveries(stuck)).allSatisfy(d -> assertThat(d.get("status").asString()).isEqualTo("PENDING"));
            hanging.release();
            CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).join();
            assertThat(deliveries(stuck)).allSatisfy(d -> assertThat(d.get("status").asString()).isEqualTo("DELIVERED"));
        }
    }

    @Test
    void balanceFallsBelowTheThresholdThenQuotaLowIsSentOnceWithTheBalance() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            webhookFor(receiver, "quota.low");
            String name = TestHttp.uniqueName("low");
            String token = http.registerAndLogin(name);

            submit(token, "8.5"); // 10 -> 1.5: still at or above 1
            submit(token, "0.5"); // 1.5 -> 1: at the threshold is not below it
            submit(token, "0.25"); // 1 -> 0.75: crosses
            submit(token, "0.25"); // 0.75 -> 0.5: already below
            drain();

            assertThat(receiver.received()).hasSize(1);
            JsonNode data = JSON.readTree(receiver.received().getFirst().body()).get("data");
            assertThat(data.get("account").get("type").asString()).isEqualTo("USER");
            assertThat(data.get("account").get("name").asString()).isEqualTo(name);
            assertThat(data.get("account").get("id").asString()).isEqualTo(http.get("/api/v1/users/me", token)
                .text("id"));
            assertThat(data.get("balance").decimalValue()).isEqualByComparingTo("0.75");
            assertThat(data.get("lowBalanceHours").decimalValue()).isEqualByComparingTo("1");
        }
    }

    @Test
    void adminWithdrawalCrossesTheThresholdThenQuotaLowIsRecorded() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            webhookFor(receiver, "quota.low");
            String name = TestHttp.uniqueName("cut");
            String id = http.register(name);

            assertThat(http.post("/api/v1/admin/users/" + id + "/quota-adjustments", admin,
                    Map.of("deltaHours", -9.5, "note", "cut")).status()).isEqualTo(200);
            drain();

            assertThat(receiver.received()).hasSize(1);
            assertThat(JSON.readTree(receiver.received().getFirst().body()).get("data").get("balance").decimalValue())
                .isEqualByComparingTo("0.5");
        }
    }

    @Test
    void projectBalanceFallsBelowItsOwnThresholdThenQuotaLowNamesTheProject() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            webhookFor(receiver, "quota.low");
            String name = TestHttp.uniqueName("lab").toLowerCase();
            Response project = http.post("/api/v1/admin/projects", admin, Map.of("name", name, "initialHours", 10));
            assertThat(project.status()).as(project.body()).isEqualTo(201);
            String id = project.text("id");
            assertThat(http.patch("/api/v1/admin/projects/" + id, admin, Map.of("lowBalanceHours", 4)).status())
                .isEqualTo(200);

            assertThat(http.post("/api/v1/admin/projects/" + id + "/quota-adjustments", admin,
                    Map.of("deltaHours", -6)).status()).isEqualTo(200); // 10 -> 4: at the threshold is not below it
            assertThat(http.post("/api/v1/admin/projects/" + id + "/quota-adjustments", admin,
                    Map.of("deltaHours", -0.5)).status()).isEqualTo(200); // 4 -> 3.5: crosses
            drain();

            assertThat(receiver.received()).hasSize(1);
            JsonNode data = JSON.readTree(receiver.received().getFirst().body()).get("data");
            assertThat(data.get("account").get("type").asString()).isEqualTo("PROJECT");
            assertThat(data.get("account").get("id").asString()).isEqualTo(id);
            assertThat(data.get("account").get("name").asString()).isEqualTo(name);
            assertThat(data.get("balance").decimalValue()).isEqualByComparingTo("3.5");
            assertThat(data.get("lowBalanceHours").decimalValue()).isEqualByComparingTo("4");
        }
    }

    @Test
    void changeRollsBackThenNoEventIsRecorded() {
        String owner = TestHttp.uniqueName("rolled");
        String token = http.registerAndLogin(owner);
        String jobId = submit(token, "1");
        long before = jdbc.sql("SELECT COUNT(*) FROM webhook_events").query(Long.class).single();
        io.gaas.user.AuthenticatedUser ownerUser = new io.gaas.user.AuthenticatedUser(
                java.util.UUID.fromString(http.get("/api/v1/users/me", token).text("id")), owner, io.gaas.user.Role.USER);

        new TransactionTemplate(transactionManager).executeWithoutResult(transaction -> {
            jobService.cancel(ownerUser, java.util.UUID.fromString(jobId));
            assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_events").query(Long.class).single()).isEqualTo(before + 1);
            transaction.setRollbackOnly();
        });

        assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_events").query(Long.class).single()).isEqualTo(before);
        assertThat(http.get("/api/v1/jobs/" + jobId, token).text("status")).isEqualTo("PENDING");
    }

    @Test
    void disabledWebhookThenReceivesNothing() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String id = webhookFor(receiver, "job.status_changed");
            Response patched = http.patch("/api/v1/admin/webhooks/" + id, admin, Map.of("enabled", false));
            assertThat(patched.status()).as(patched.body()).isEqualTo(200);
            assertThat(patched.json().get("enabled").asBoolean()).isFalse();
            String token = http.registerAndLogin(TestHttp.uniqueName("quiet"));

            http.post("/api/v1/jobs/" + submit(token, "1") + "/cancel", token, null);
            drain();

            assertThat(receiver.received()).isEmpty();
        }
    }

    @Test
    void deleteThenGoneAndItsDeliveriesToo() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String id = webhookFor(receiver, "ping");
            http.post("/api/v1/admin/webhooks/" + id + "/ping", admin, null);

            assertThat(http.send("DELETE", "/api/v1/admin/webhooks/" + id, admin, null, null, Map.of()).status())
                .isEqualTo(204);

            assertProblem(http.get("/api/v1/admin/webhooks/" + id, admin), 404, "NOT_FOUND");
            assertProblem(http.get("/api/v1/admin/webhooks/" + id + "/deliveries", admin), 404, "NOT_FOUND");
            assertProblem(http.post("/api/v1/admin/webhooks/" + id + "/ping", admin, null), 404, "NOT_FOUND");
            assertProblem(http.send("DELETE", "/api/v1/admin/webhooks/" + id, admin, null, null, Map.of()), 404,
                    "NOT_FOUND");
            drain();
            assertThat(receiver.received()).isEmpty();
        }
    }

    static Stream<String> badUrls() {
        return Stream.of("ftp://127.0.0.1/hook", "http://user:pw@127.0.0.1/hook", "http://169.254.169.254/latest",
                "http://[fe80::1]/hook", "http://[::ffff:169.254.169.254]/x", "http://0.0.0.0/hook",
                "http://[::]/hook", "http://224.0.0.1/hook", "http://127.0.0.1/" + "a".repeat(2000), "not a url",
                "/relative/path", "http:///no-host", "");
    }

    @ParameterizedTest
    @MethodSource("badUrls")
    void createWhenUrlIsRefusedThen400OnUrlAndNothingSaved(String url) {
        long before = jdbc.sql("SELECT COUNT(*) FROM webhooks").query(Long.class).single();

        Response refused = hostile.post("/api/v1/admin/webhooks", admin, Map.of("url", url, "events", List.of("ping")));

        assertProblem(refused, 400, "VALIDATION_FAILED");
        assertThat(errorFields(refused)).containsExactly("url");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM webhooks").query(Long.class).single()).isEqualTo(before);
    }

    static Stream<List<String>> badEvents() {
        return Stream.of(List.of(), List.of("job.created"), List.of("ping", "JOB.STATUS_CHANGED"));
    }

    @ParameterizedTest
    @MethodSource("badEvents")
    void createWhenEventsAreRefusedThen400OnEvents(List<String> events) {
        Response refused = hostile.post("/api/v1/admin/webhooks", admin, Map.of("url", "http://127.0.0.1:9/hook",
                "events", events));

        assertProblem(refused, 400, "VALIDATION_FAILED");
        assertThat(errorFields(refused)).containsExactly("events");
    }

    @Test
    void createWhenUrlOrEventsMissingThen400NamingThem() {
        assertThat(errorFields(hostile.post("/api/v1/admin/webhooks", admin, Map.of("events", List.of("ping")))))
            .containsExactly("url");
        assertThat(errorFields(hostile.post("/api/v1/admin/webhooks", admin, Map.of("url", "http://127.0.0.1/x"))))
            .containsExactly("events");
        assertProblem(hostile.post("/api/v1/admin/webhooks", admin, "{\"url\": 5, \"events\": [\"ping\"]}"), 400,
                "MALFORMED_REQUEST");
    }

    @Test
    void patchWhenUrlIsRefusedThen400AndTheWebhookIsUnchanged() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String id = webhookFor(receiver, "ping");

            assertProblem(hostile.patch("/api/v1/admin/webhooks/" + id, admin, Map.of("url", "http://169.254.169.254/")),
                    400, "VALIDATION_FAILED");
            assertProblem(hostile.patch("/api/v1/admin/webhooks/" + id, admin, Map.of("events", List.of())), 400,
                    "VALIDATION_FAILED");

            Response read = http.get("/api/v1/admin/webhooks/" + id, admin);
            assertThat(read.text("url")).isEqualTo(receiver.url());
            assertThat(read.json().get("events").size()).isEqualTo(1);
        }
    }

    @Test
    void userOnAnyWebhookEndpointThen403() {
        String user = http.registerAndLogin(TestHttp.uniqueName("nosy"));
        String id = java.util.UUID.randomUUID().toString();

        assertProblem(http.post("/api/v1/admin/webhooks", user, Map.of("url", "http://127.0.0.1/x", "events",
                List.of("ping"))), 403, "FORBIDDEN");
        assertProblem(http.get("/api/v1/admin/webhooks", user), 403, "FORBIDDEN");
        assertProblem(http.get("/api/v1/admin/webhooks/" + id, user), 403, "FORBIDDEN");
        assertProblem(http.patch("/api/v1/admin/webhooks/" + id, user, Map.of("enabled", false)), 403, "FORBIDDEN");
        assertProblem(http.send("DELETE", "/api/v1/admin/webhooks/" + id, user, null, null, Map.of()), 403,
                "FORBIDDEN");
        assertProblem(http.post("/api/v1/admin/webhooks/" + id + "/ping", user, null), 403, "FORBIDDEN");
        assertProblem(http.get("/api/v1/admin/webhooks/" + id + "/deliveries", user), 403, "FORBIDDEN");
    }
}
