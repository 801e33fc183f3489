package io.gaas.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gaas.GaasApplication;
import io.gaas.support.Accounts;
import io.gaas.support.EmbeddedPostgresSupport;
import io.gaas.support.LedgerTimes;
import io.gaas.support.ParallelCalls;
import io.gaas.support.ProjectRows;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;
import tools.jackson.databind.JsonNode;

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

    /**
     * Eight admins, four on each replica, start and complete the jobs of a 5-GPU pool as fast as they
     * can. A sampler reads the pool (on both replicas) and the pool's PROCESSING jobs the whole time:
     * neither may ever show more than 5 GPUs at work. At the end every job is settled at the pool's
     * weight and every balance and ledger adds up.
     */
    @Test
    void startWhenAdminsOnBothReplicasRaceForASmallPoolThenItsGpusAreNeverExceeded() throws Exception {
        String admin = one.login(ADMIN);
        String pool = TestHttp.uniqueName("race").toLowerCase();
        int gpus = 5;
        assertThat(one.post("/api/v1/admin/pools", admin, Map.of("name", pool, "gpus", gpus, "weight", 1.5)).status())
            .isEqualTo(201);
        Map<String, String> owners = new ConcurrentHashMap<>();
        Map<String, Integer> gpuCounts = new ConcurrentHashMap<>();
        List<String> tokens = new ArrayList<>();
        for (int u = 0; u < 4; u++) {
            String token = one.registerAndLogin(TestHttp.uniqueName("racer" + u));
            tokens.add(token);
            for (int j = 0; j < 8; j++) {
                int gpuCount = 1 + (u + j) % 3;
                Response job = (j % 2 == 0 ? one : two).post("/api/v1/jobs", token, Map.of("name", "race-" + j,
                        "gpuHours", new BigDecimal("0.25").multiply(BigDecimal.valueOf(gpuCount)), "pool", pool,
                        "gpuCount", gpuCount));
                assertThat(job.status()).as(job.body()).isEqualTo(201);
                owners.put(job.text("id"), token);
                gpuCounts.put(job.text("id"), gpuCount);
                assertThat(one.patch("/api/v1/jobs/" + job.text("id") + "/status", admin,
                        Map.of("status", "APPROVED")).status()).isEqualTo(200);
            }
        }
        Set<String> approved = ConcurrentHashMap.newKeySet();
        approved.addAll(owners.keySet());
        Set<String> running = ConcurrentHashMap.newKeySet();
        Map<String, BigDecimal> usedHours = new ConcurrentHashMap<>();
        AtomicInteger atCapacity = new AtomicInteger();
        AtomicInteger mostInUse = new AtomicInteger();
        AtomicInteger samples = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        List<String> violations = new CopyOnWriteArrayList<>();

        Thread sampler = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                for (TestHttp replica : List.of(one, two)) {
                    int inUse = replica.get("/api/v1/pools/" + pool, admin).json().get("gpusInUse").asInt();
                    mostInUse.accumulateAndGet(inUse, Math::max);
                    Response processing = replica.get("/api/v1/jobs?status=PROCESSING&size=100&pool=" + pool, admin);
                    int fromJobs = processing.json().get("content").valueStream()
                        .mapToInt(job -> job.get("gpuCount").asInt()).sum();
                    if (inUse > gpus || fromJobs > gpus) {
                        violations.add("gpusInUse " + inUse + ", PROCESSING jobs' GPUs " + fromJobs);
                    }
                    samples.incrementAndGet();
                }
            }
        });
        // One token for every admin (tokens work on both replicas): no logins race the starts. A worker
        // that fails stops them all, so a lost job (removed from a set, never ended) cannot hang the rest.
        AtomicBoolean failed = new AtomicBoolean();
        ParallelCalls.run(8, worker -> {
            TestHttp replica = worker % 2 == 0 ? one : two;
            String token = admin;
            Random random = new Random(worker);
            try {
                while (!failed.get() && (!approved.isEmpty() || !running.isEmpty())) {
                    List<String> started = List.copyOf(running);
                    if (!started.isEmpty() && (approved.isEmpty() || random.nextBoolean())) {
                        String id = started.get(random.nextInt(started.size()));
                        if (running.remove(id)) {
                            BigDecimal used = BigDecimal.valueOf(random.nextInt(25 * gpuCounts.get(id) + 1), 2); // 0..gpuHours
                            Response completed = replica.patch("/api/v1/jobs/" + id + "/status", token,
                                    Map.of("status", "COMPLETED", "usedHours", used));
                            assertThat(completed.status()).as(completed.body()).isEqualTo(200);
                            usedHours.put(id, used);
                        }
                        continue;
                    }
                    List<String> waiting = List.copyOf(approved);
                    if (waiting.isEmpty()) {
                        continue;
                    }
                    String id = waiting.get(random.nextInt(waiting.size()));
                    Response start = replica.patch("/api/v1/jobs/" + id + "/status", token, Map.of("status", "PROCESSING"));
                    if (start.status() == 200) {
                        approved.remove(id);
                        running.add(id);
                    }
                    else {
                        assertThat(start.code()).as(start.body()).isIn("POOL_AT_CAPACITY", "INVALID_TRANSITION");
                        if ("POOL_AT_CAPACITY".equals(start.code())) {
                            atCapacity.incrementAndGet();
                        }
                    }
                }
            }
            catch (RuntimeException | AssertionError failure) {
                failed.set(true);
                throw failure;
            }
            return null;
        });
        done.set(true);
        sampler.join();
        assertThat(failed).isFalse();

        assertThat(violations).isEmpty();
        assertThat(samples.get()).isPositive();
        assertThat(mostInUse.get()).isLessThanOrEqualTo(gpus);
        assertThat(atCapacity.get()).as("the pool was full at times").isPositive();
        assertThat(usedHours).hasSize(owners.size());
        Response after = two.get("/api/v1/pools/" + pool, admin);
        assertThat(after.json().get("gpusInUse").asInt()).isZero();
        assertThat(after.json().get("jobsWaiting").asLong()).isZero();
        for (String token : tokens) {
            BigDecimal expected = new BigDecimal("10");
            List<JsonNode> jobs = one.get("/api/v1/jobs?size=100", token).json().get("content").valueStream().toList();
            assertThat(jobs).hasSize(8);
            for (JsonNode job : jobs) {
                BigDecimal finalCharge = usedHours.get(job.get("id").asString()).multiply(new BigDecimal("1.5"))
                    .setScale(2, RoundingMode.CEILING);
                assertThat(job.get("status").asString()).isEqualTo("COMPLETED");
                assertThat(job.get("chargedHours").decimalValue()).isEqualByComparingTo(finalCharge);
                expected = expected.subtract(finalCharge);
            }
            assertThat(Accounts.balance(two, token)).isEqualByComparingTo(expected);
            BigDecimal runningSum = BigDecimal.ZERO;
            for (JsonNode entry : Accounts.ledger(one, token)) {
                runningSum = runningSum.add(entry.get("deltaHours").decimalValue());
                assertThat(entry.get("balanceAfter").decimalValue()).isEqualByComparingTo(runningSum);
            }
            assertThat(runningSum).isEqualByComparingTo(expected);
        }
        System.out.printf("Pool race: %d samples, at most %d of %d GPUs in use, %d starts refused at capacity%n",
                samples.get(), mostInUse.get(), gpus, atCapacity.get());
    }

    /**
     * Members of one project submit to it from both replicas at once, and then cancel half of their
     * jobs while submitting more: the project is never overspent, no member passes their cap, nothing
     * deadlocks (every answer is a 201, a 200 or a refusal), and afterwards the project's balance is its
     * ledger's sum and each member's spending is the net charge of their jobs.
     */
    @Test
    void submitWhenMembersOfOneProjectRaceOnBothReplicasThenNeitherTheProjectNorACapIsOverspent()
            throws Exception {
        JdbcClient jdbc = first.getBean(JdbcClient.class);
        String name = TestHttp.uniqueName("race").toLowerCase();
        UUID project = ProjectRows.createProject(jdbc, name, new BigDecimal("12.00"));
        List<String> tokens = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        List<BigDecimal> caps = List.of(new BigDecimal("3.00"), new BigDecimal("2.50"), new BigDecimal("100.00"));
        for (int m = 0; m < 4; m++) {
            String token = one.registerAndLogin(TestHttp.uniqueName("member" + m));
            UUID id = UUID.fromString(one.get("/api/v1/users/me", token).text("id"));
            ProjectRows.addMember(jdbc, project, id, "MEMBER", m < caps.size() ? caps.get(m) : null);
            tokens.add(token);
            ids.add(id);
        }

        List<Response> round1 = ParallelCalls.run(40, i -> (i % 2 == 0 ? one : two).post("/api/v1/jobs",
                tokens.get(i % 4), Map.of("name", "race-" + i, "gpuHours", new BigDecimal("0.50"), "project", name)));

        assertThat(round1).allSatisfy(r -> assertThat(r.status()).as(r.body()).isIn(201, 400));
        assertThat(round1).filteredOn(r -> r.status() == 400)
            .allSatisfy(r -> assertThat(r.code()).isIn("CAP_EXCEEDED", "INSUFFICIENT_QUOTA"));
        // The uncapped members alone could take more than the project has, so it is spent to the last half hour.
        assertThat(round1).filteredOn(r -> r.status() == 201).hasSize(24);
        assertThat(ProjectRows.balance(jdbc, project)).isEqualByComparingTo("0");
        assertProjectAddsUp(jdbc, project, ids, caps);

        // Half of the jobs are cancelled while every member tries again on both replicas.
        List<Response> created = round1.stream().filter(r -> r.status() == 201).toList();
        List<Response> round2 = ParallelCalls.run(created.size() + 20, i -> {
            if (i < created.size()) {
                Response job = created.get(i);
                String owner = tokens.get(ids.indexOf(UUID.fromString(job.json().get("owner").get("id").asString())));
                return i % 2 == 0 ? (i % 4 == 0 ? one : two).post("/api/v1/jobs/" + job.text("id") + "/cancel", owner,
                        null) : null;
            }
            return (i % 2 == 0 ? one : two).post("/api/v1/jobs", tokens.get(i % 4),
                    Map.of("name", "again-" + i, "gpuHours", new BigDecimal("0.50"), "project", name));
        });

        assertThat(round2).filteredOn(r -> r != null)
            .allSatisfy(r -> assertThat(r.status()).as(r.body()).isIn(200, 201, 400));
        assertThat(round2).filteredOn(r -> r != null && r.status() == 200).hasSize((created.size() + 1) / 2);
        assertThat(round2).filteredOn(r -> r != null && r.status() == 400)
            .allSatisfy(r -> assertThat(r.code()).isIn("CAP_EXCEEDED", "INSUFFICIENT_QUOTA"));
        assertThat(ProjectRows.balance(jdbc, project)).isGreaterThanOrEqualTo(BigDecimal.ZERO);
        assertProjectAddsUp(jdbc, project, ids, caps);
    }

    @Test
    void decideWhenTwoAdminsDecideOneRequestOnBothReplicasAtOnceThenExactlyOneWinsAndOneTopUpIsWritten()
            throws Exception {
        JdbcClient jdbc = first.getBean(JdbcClient.class);
        String firstAdmin = one.login(ADMIN);
        String secondName = TestHttp.uniqueName("admin2");
        Response created = one.post("/api/v1/admin/users", firstAdmin,
                Map.of("username", secondName, "password", TestHttp.PASSWORD, "role", "ADMIN"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String secondAdmin = two.login(secondName);
        String requester = one.registerAndLogin(TestHttp.uniqueName("asker"));
        UUID account = UUID.fromString(one.get("/api/v1/users/me", requester).text("id"));

        for (int round = 0; round < 8; round++) {
            String id = one.post("/api/v1/quota-requests", requester, Map.of("hours", 10, "justification", "race"))
                .text("id");
            int before = topUps(jdbc, account).size();
            // Each admin on their own replica; even rounds two approvals of different amounts, odd ones an
            // approval against a denial.
            boolean bothApprove = round % 2 == 0;
            List<Response> answers = ParallelCalls.run(2, i -> (i == 0 ? one : two).post(
                    "/api/v1/admin/quota-requests/" + id + "/decision", i == 0 ? firstAdmin : secondAdmin,
                    i == 0 || bothApprove ? Map.of("approve", true, "grantedHours", i == 0 ? 4 : 6)
                            : Map.of("approve", false)));

            assertThat(answers).extracting(Response::status).as("round %d", round).containsExactlyInAnyOrder(200, 409);
            Response winner = answers.stream().filter(answer -> answer.status() == 200).findFirst().orElseThrow();
            assertThat(answers.stream().filter(answer -> answer.status() == 409).findFirst().orElseThrow().code())
                .isEqualTo("ALREADY_DECIDED");
            List<BigDecimal> all = topUps(jdbc, account);
            List<BigDecimal> topUps = all.subList(before, all.size());
            if (winner.text("status").equals("APPROVED")) {
                assertThat(topUps).as("round %d", round).singleElement()
                    .satisfies(delta -> assertThat(delta).isEqualByComparingTo(winner.decimal("grantedHours")));
            }
            else {
                assertThat(topUps).as("round %d", round).isEmpty();
            }
        }
        assertThat(ProjectRows.ledgerSum(jdbc, account)).isEqualByComparingTo(ProjectRows.balance(jdbc, account));
    }

    /** The account's TOP_UP entries in sequence order. */
    private static List<BigDecimal> topUps(JdbcClient jdbc, UUID account) {
        return jdbc.sql("SELECT delta_hours FROM quota_ledger WHERE account_id = :account AND kind = 'TOP_UP' ORDER BY seq")
            .param("account", account)
            .query(BigDecimal.class)
            .list();
    }

    private static void assertProjectAddsUp(JdbcClient jdbc, UUID project, List<UUID> members, List<BigDecimal> caps) {
        BigDecimal balance = ProjectRows.balance(jdbc, project);
        assertThat(ProjectRows.ledgerSum(jdbc, project)).isEqualByComparingTo(balance);
        BigDecimal spentByAll = BigDecimal.ZERO;
        for (int m = 0; m < members.size(); m++) {
            BigDecimal spent = ProjectRows.spentHours(jdbc, project, members.get(m));
            assertThat(spent).as("member %d's spending", m)
                .isEqualByComparingTo(ProjectRows.netChargesSince(jdbc, project, members.get(m), Instant.EPOCH));
            if (m < caps.size()) {
                assertThat(spent).as("member %d's spending under the cap", m).isLessThanOrEqualTo(caps.get(m));
            }
            spentByAll = spentByAll.add(spent);
        }
        assertThat(balance.add(spentByAll)).as("what the project has plus what its members spent")
            .isEqualByComparingTo("12.00");
    }
}
