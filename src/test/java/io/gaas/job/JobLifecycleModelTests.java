package io.gaas.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gaas.support.Accounts;
import io.gaas.support.ProjectRows;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;
import tools.jackson.databind.JsonNode;

/**
 * A seeded model test over HTTP: per seed, a random sequence of submissions, cancellations,
 * status changes (legal and not), completions with random usage and quota adjustments across three
 * users, checked after every step against a model of balances and job states kept in the test.
 * Jobs go to three pools: {@code default}, a small one with a capacity, a weight and auto-approval,
 * and one without a limit at another weight, whose settings change now and then; the model prices
 * every job at its pool's weight and keeps each pool's GPUs in use.
 * A project with its own hours takes part too: every user is a member (the last one its manager),
 * some with a cap; a third of the submissions are charged to it, the manager approves and rejects
 * some of its jobs, and the model keeps its balance and each member's spending in the window.
 * Each run prints its seed; to replay one, put it alone in {@link #seeds()}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=flowadmin", "gaas.admin.password=" + TestHttp.PASSWORD })
class JobLifecycleModelTests {

    static final int STEPS = 60;
    static final int USERS = 3;

    /** The user who manages the project (and is a member like the others). */
    static final int MANAGER = USERS - 1;

    enum Status {
        PENDING, APPROVED, PROCESSING, COMPLETED, REJECTED, CANCELLED, FAILED;

        boolean isFinal() {
            return EnumSet.of(COMPLETED, REJECTED, CANCELLED, FAILED).contains(this);
        }
    }

    static final Map<Status, Set<Status>> ADMIN_MOVES = Map.of(Status.PENDING, EnumSet.of(Status.APPROVED,
            Status.REJECTED), Status.APPROVED, EnumSet.of(Status.PROCESSING), Status.PROCESSING,
            EnumSet.of(Status.COMPLETED, Status.FAILED));

    static final class ModelUser {
        final String name;
        final String token;
        BigDecimal balance = new BigDecimal("10.00");

        ModelUser(String name, String token) {
            this.name = name;
            this.token = token;
        }
    }

    static final class ModelPool {
        final String name;
        Integer gpus;
        BigDecimal weight;
        BigDecimal autoApproveHours;
        int gpusInUse;

        ModelPool(String name, Integer gpus, BigDecimal weight, BigDecimal autoApproveHours) {
            this.name = name;
            this.gpus = gpus;
            this.weight = weight;
            this.autoApproveHours = autoApproveHours;
        }

        BigDecimal charge(BigDecimal gpuHours) {
            return gpuHours.multiply(weight).setScale(2, RoundingMode.CEILING);
        }
    }

    /** The project: its balance, and each member's cap ({@code null}: none) and spending. */
    static final class ModelProject {
        final String name;
        UUID id;
        BigDecimal balance = new BigDecimal("15.00");
        final BigDecimal[] caps = new BigDecimal[USERS];
        final BigDecimal[] spent = new BigDecimal[USERS];

        ModelProject(String name) {
            this.name = name;
            java.util.Arrays.fill(spent, BigDecimal.ZERO.setScale(2));
        }
    }

    static final class ModelJob {
        final String id;
        final int owner;
        boolean project;
        final BigDecimal gpuHours;
        final ModelPool pool;
        final int gpuCount;
        final BigDecimal weight;
        BigDecimal chargedHours;
        Status status = Status.PENDING;
        BigDecimal usedHours;

        ModelJob(String id, int owner, BigDecimal gpuHours, ModelPool pool, int gpuCount) {
            this.id = id;
            this.owner = owner;
            this.gpuHours = gpuHours;
            this.pool = pool;
            this.gpuCount = gpuCount;
            this.weight = pool.weight;
            this.chargedHours = pool.charge(gpuHours);
        }
    }

    static final List<BigDecimal> WEIGHTS = List.of(new BigDecimal("0.5"), new BigDecimal("1.25"),
            new BigDecimal("2.5"), new BigDecimal("1.33"), new BigDecimal("0.01"), new BigDecimal("3"));

    static LongStream seeds() {
        return LongStream.of(1L, 2L, 3L, 42L, 1234L, 99991L, 20261127L, 31337L, 8675309L, 424242L);
    }

    /** Over all seeds, how many starts the small pool refused and how many seeds ran. */
    static final AtomicInteger REFUSED_AT_CAPACITY = new AtomicInteger();
    static final AtomicInteger SEEDS_RUN = new AtomicInteger();

    /** Over all seeds: project charges accepted, refused at a member's cap, and the manager's moves that took. */
    static final AtomicInteger CHARGED_TO_PROJECT = new AtomicInteger();
    static final AtomicInteger REFUSED_AT_CAP = new AtomicInteger();
    static final AtomicInteger MOVED_BY_MANAGER = new AtomicInteger();

    @BeforeAll
    static void countAfresh() {
        REFUSED_AT_CAPACITY.set(0);
        SEEDS_RUN.set(0);
        CHARGED_TO_PROJECT.set(0);
        REFUSED_AT_CAP.set(0);
        MOVED_BY_MANAGER.set(0);
    }

    @AfterAll
    static void theSeedsReachedAPoolsCapacity() {
        if (SEEDS_RUN.get() == seeds().count()) {
            assertThat(REFUSED_AT_CAPACITY.get()).as("starts refused at capacity over all seeds").isPositive();
            assertThat(CHARGED_TO_PROJECT.get()).as("jobs charged to the project over all seeds").isPositive();
            assertThat(REFUSED_AT_CAP.get()).as("submissions refused at a member's cap over all seeds").isPositive();
            assertThat(MOVED_BY_MANAGER.get()).as("approvals and rejections by the manager over all seeds")
                .isPositive();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;
    ModelProject project;
    String admin;
    Random random;
    List<ModelUser> users;
    List<ModelJob> jobs;
    List<ModelPool> pools;
    Map<String, String> userIds;
    String where;
    int accepted;
    int refused;
    int atCapacity;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        admin = http.login(adminUsername());
    }

    /** The admin of the context this class runs in (see the properties above). */
    String adminUsername() {
        return "flowadmin";
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomLifecycleWhenReplayedThenApiMatchesModelAfterEveryStep(long seed, TestInfo info) {
        System.out.println("JobLifecycleModelTests [" + info.getDisplayName() + "] starting, seed=" + seed);
        random = new Random(seed);
        users = new ArrayList<>();
        jobs = new ArrayList<>();
        userIds = new HashMap<>();
        for (int i = 0; i < USERS; i++) {
            String name = TestHttp.uniqueName("model" + i);
            users.add(new ModelUser(name, http.registerAndLogin(name)));
        }
        project = new ModelProject(TestHttp.uniqueName("proj").toLowerCase());
        project.id = ProjectRows.createProject(jdbc, project.name, project.balance);
        for (int i = 0; i < USERS; i++) {
            project.caps[i] = random.nextBoolean() ? null : hours(100, 600);
            ProjectRows.addMember(jdbc, project.id, UUID.fromString(userId(users.get(i))),
                    i == MANAGER ? "MANAGER" : "MEMBER", project.caps[i]);
        }
        pools = new ArrayList<>();
        pools.add(new ModelPool("default", null, BigDecimal.ONE, null));
        pools.add(createPool(new ModelPool(TestHttp.uniqueName("small").toLowerCase(), 1 + random.nextInt(3),
                pickWeight(), random.nextBoolean() ? hours(0, 150) : null)));
        pools.add(createPool(new ModelPool(TestHttp.uniqueName("wide").toLowerCase(), null, pickWeight(), null)));

        for (int step = 0; step < STEPS; step++) {
            where = "seed " + seed + ", step " + step;
            step();
            checkInvariants();
        }
        System.out.printf("JobLifecycleModelTests [%s] done: %d steps, %d accepted, %d refused (%d at capacity), "
                + "%d jobs%n", info.getDisplayName(), STEPS, accepted, refused, atCapacity, jobs.size());
        assertThat(accepted).as("a sequence that never succeeds tests nothing").isGreaterThan(STEPS / 4);
        REFUSED_AT_CAPACITY.addAndGet(atCapacity);
        SEEDS_RUN.incrementAndGet();
    }

    private void step() {
        int roll = random.nextInt(100);
        if (jobs.isEmpty() || roll < 25) {
            submit();
        }
        else if (roll < 35) {
            cancel();
        }
        else if (roll < 47) {
            changeStatus(Status.APPROVED);
        }
        else if (roll < 53) {
            changeStatus(Status.REJECTED);
        }
        else if (roll < 63) {
            changeStatus(Status.PROCESSING);
        }
        else if (roll < 75) {
            changeStatus(random.nextBoolean() ? Status.COMPLETED : Status.FAILED);
        }
        else if (roll < 82) {
            adjust();
        }
        else if (roll < 86) {
            changePool();
        }
        else {
            changeStatus(Status.values()[random.nextInt(Status.values().length)]);
        }
    }

    private void submit() {
        int u = random.nextInt(USERS);
        ModelUser user = users.get(u);
        // Half of the jobs go to the small pool, so that its capacity is reached now and then.
        ModelPool pool = random.nextBoolean() ? pools.get(1) : pools.get(random.nextInt(pools.size()));
        int gpuCount = random.nextInt(4) == 0 ? 1 + random.nextInt(5) : 1;
        BigDecimal hours = switch (random.nextInt(10)) {
            case 0 -> user.balance.add(new BigDecimal("0.01"));
            case 1 -> new BigDecimal("50.00");
            case 2 -> BigDecimal.valueOf(random.nextInt(gpuCount + 1), 2);
            default -> hours(1, 400);
        };
        if (hours.signum() == 0) {
            hours = new BigDecimal("0.01");
        }
        BigDecimal charge = pool.charge(hours);
        boolean toProject = random.nextInt(3) == 0;
        where += " submit " + hours + " x" + gpuCount + " to " + pool.name + " (charge " + charge + ") by user " + u
                + (toProject ? " charged to the project (balance " + project.balance + ", cap " + project.caps[u]
                        + ", spent " + project.spent[u] + ")" : "");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "model-job");
        body.put("gpuHours", hours);
        if (toProject) {
            body.put("project", random.nextBoolean() ? project.name : project.name.toUpperCase());
        }
        if (!pool.name.equals("default") || random.nextBoolean()) {
            body.put("pool", random.nextBoolean() ? pool.name : pool.name.toUpperCase());
        }
        if (gpuCount > 1 || random.nextBoolean()) {
            body.put("gpuCount", gpuCount);
        }
        Response response = http.post("/api/v1/jobs", user.token, body);
        if (hours.compareTo(new BigDecimal("0.01").multiply(BigDecimal.valueOf(gpuCount))) < 0) {
            expect(response, 400, "VALIDATION_FAILED");
            assertThat(response.json().get("errors").get(0).get("field").asString()).as(where).isEqualTo("gpuHours");
        }
        else if (pool.gpus != null && gpuCount > pool.gpus) {
            expect(response, 400, "VALIDATION_FAILED");
            assertThat(response.json().get("errors").get(0).get("field").asString()).as(where).isEqualTo("gpuCount");
        }
        else if (toProject && charge.compareTo(project.balance) > 0) {
            expect(response, 400, "INSUFFICIENT_QUOTA");
            assertThat(response.decimal("remaining")).as(where).isEqualByComparingTo(project.balance);
        }
        else if (toProject && project.caps[u] != null && project.spent[u].add(charge).compareTo(project.caps[u]) > 0) {
            expect(response, 400, "CAP_EXCEEDED");
            REFUSED_AT_CAP.incrementAndGet();
            assertThat(response.decimal("capHours")).as(where).isEqualByComparingTo(project.caps[u]);
            assertThat(response.decimal("spentHours")).as(where).isEqualByComparingTo(project.spent[u]);
        }
        else if (toProject || charge.compareTo(user.balance) <= 0) {
            expect(response, 201, null);
            if (toProject) {
                CHARGED_TO_PROJECT.incrementAndGet();
                project.balance = project.balance.subtract(charge);
                project.spent[u] = project.spent[u].add(charge);
                assertThat(response.json().get("project").get("name").asString()).as(where).isEqualTo(project.name);
            }
            else {
                user.balance = user.balance.subtract(charge);
                assertThat(response.json().get("project").isNull()).as(where).isTrue();
            }
            ModelJob job = new ModelJob(response.text("id"), u, hours, pool, gpuCount);
            job.project = toProject;
            if (pool.autoApproveHours != null && charge.compareTo(pool.autoApproveHours) <= 0) {
                job.status = Status.APPROVED;
            }
            jobs.add(job);
            assertThat(response.text("status")).as(where).isEqualTo(job.status.name());
            assertThat(response.decimal("chargedHours")).as(where).isEqualByComparingTo(charge);
            assertThat(response.decimal("weight")).as(where).isEqualByComparingTo(pool.weight);
            assertThat(response.text("pool")).as(where).isEqualTo(pool.name);
        }
        else {
            expect(response, 400, "INSUFFICIENT_QUOTA");
            assertThat(response.decimal("requested")).as(where).isEqualByComparingTo(charge);
        }
    }

    /** An admin changes the small pool's capacity or a pool's price: running jobs and old charges stay. */
    private void changePool() {
        ModelPool pool = pools.get(1 + random.nextInt(pools.size() - 1));
        Map<String, Object> body = new LinkedHashMap<>();
        if (random.nextBoolean()) {
            body.put("weight", pickWeight());
        }
        if (pool.gpus != null && random.nextBoolean()) {
            body.put("gpus", 1 + random.nextInt(3));
        }
        if (random.nextInt(3) == 0) {
            body.put("autoApproveHours", random.nextBoolean() ? null : hours(0, 150));
        }
        where += " PATCH pool " + pool.name + " " + body;
        Response response = http.patch("/api/v1/admin/pools/" + pool.name, admin, body);
        expect(response, 200, null);
        if (body.containsKey("weight")) {
            pool.weight = (BigDecimal) body.get("weight");
        }
        if (body.containsKey("gpus")) {
            pool.gpus = (Integer) body.get("gpus");
        }
        if (body.containsKey("autoApproveHours")) {
            pool.autoApproveHours = (BigDecimal) body.get("autoApproveHours");
        }
        assertThat(response.json().get("gpusInUse").asInt()).as(where).isEqualTo(pool.gpusInUse);
    }

    private ModelPool createPool(ModelPool pool) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", pool.name);
        body.put("gpus", pool.gpus);
        body.put("weight", pool.weight);
        body.put("autoApproveHours", pool.autoApproveHours);
        Response response = http.post("/api/v1/admin/pools", admin, body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return pool;
    }

    private BigDecimal pickWeight() {
        return WEIGHTS.get(random.nextInt(WEIGHTS.size()));
    }

    private void cancel() {
        ModelJob job = pickJob(EnumSet.of(Status.PENDING, Status.APPROVED));
        int who = random.nextInt(10);
        String token = who < 6 ? users.get(job.owner).token
                : who < 9 ? admin : users.get((job.owner + 1 + random.nextInt(USERS - 1)) % USERS).token;
        where += " cancel " + job.status + " job by " + (who < 6 ? "owner" : who < 9 ? "admin" : "another user");
        boolean byManager = who >= 9 && job.project && token.equals(users.get(MANAGER).token);
        Response response = http.post("/api/v1/jobs/" + job.id + "/cancel", token, null);
        if (byManager) {
            // The project's manager reads its jobs, but only their owner or an admin cancels one.
            expect(response, 403, "FORBIDDEN");
        }
        else if (who >= 9) {
            expect(response, 404, "NOT_FOUND");
        }
        else if (job.status == Status.PENDING || job.status == Status.APPROVED) {
            expect(response, 200, null);
            finish(job, Status.CANCELLED, BigDecimal.ZERO);
        }
        else {
            expect(response, 409, "INVALID_TRANSITION");
        }
    }

    private void changeStatus(Status target) {
        Set<Status> fromWhereLegal = EnumSet.noneOf(Status.class);
        ADMIN_MOVES.forEach((from, to) -> {
            if (to.contains(target)) {
                fromWhereLegal.add(from);
            }
        });
        ModelJob job = pickJob(fromWhereLegal);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", target.name());
        BigDecimal used = null;
        boolean usedHoursWithWrongTarget = false;
        if (target == Status.COMPLETED || target == Status.FAILED) {
            int kind = random.nextInt(10);
            used = kind < 2 ? null
                    : kind < 4 ? job.gpuHours.add(hours(1, 300))
                            : kind < 5 ? BigDecimal.ZERO.setScale(2)
                                    : hours(0, job.gpuHours.movePointRight(2).intValue());
        }
        else if (random.nextInt(20) == 0) {
            used = BigDecimal.ONE;
            usedHoursWithWrongTarget = true;
        }
        if (used != null) {
            body.put("usedHours", used);
        }
        where += " PATCH " + job.status + " -> " + target + " usedHours " + used + " (gpuHours " + job.gpuHours + ")";
        // The project's manager acts on some of its jobs: approving and rejecting are theirs, the rest an admin's.
        boolean byManager = job.project && random.nextInt(3) == 0;
        boolean managersMove = target == Status.APPROVED || target == Status.REJECTED;
        where += byManager ? " by the project's manager" : "";
        // PENDING and CANCELLED are outside the request's documented enum: sent on purpose, to see them refused.
        boolean documentedTarget = target != Status.PENDING && target != Status.CANCELLED;
        Response response = (documentedTarget ? http : http.hostile()).patch("/api/v1/jobs/" + job.id + "/status",
                byManager ? users.get(MANAGER).token : admin, body);

        boolean legal = ADMIN_MOVES.getOrDefault(job.status, Set.of()).contains(target);
        ModelPool pool = job.pool;
        if (byManager && !managersMove) {
            expect(response, 403, "FORBIDDEN");
        }
        else if (usedHoursWithWrongTarget) {
            expect(response, 400, "VALIDATION_FAILED");
        }
        else if (!legal) {
            expect(response, 409, "INVALID_TRANSITION");
        }
        else if (used != null && used.compareTo(job.gpuHours) > 0) {
            expect(response, 400, "VALIDATION_FAILED");
        }
        else if (target == Status.PROCESSING && pool.gpus != null && pool.gpusInUse + job.gpuCount > pool.gpus) {
            expect(response, 409, "POOL_AT_CAPACITY");
            atCapacity++;
        }
        else {
            expect(response, 200, null);
            if (byManager) {
                MOVED_BY_MANAGER.incrementAndGet();
            }
            switch (target) {
                case REJECTED -> finish(job, target, BigDecimal.ZERO);
                case COMPLETED, FAILED -> finish(job, target, used == null ? job.gpuHours : used);
                case PROCESSING -> {
                    job.status = target;
                    pool.gpusInUse += job.gpuCount;
                }
                default -> job.status = target;
            }
            assertThat(response.text("status")).as(where).isEqualTo(target.name());
        }
    }

    private void adjust() {
        int u = random.nextInt(USERS);
        ModelUser user = users.get(u);
        BigDecimal delta = switch (random.nextInt(4)) {
            case 0 -> hours(1, 500);
            case 1 -> user.balance.signum() == 0 ? hours(1, 100)
                    : hours(1, user.balance.movePointRight(2).intValue()).negate();
            case 2 -> user.balance.add(hours(1, 500)).negate();
            default -> user.balance.negate().signum() == 0 ? new BigDecimal("-0.01") : user.balance.negate();
        };
        where += " adjust user " + u + " by " + delta + " (balance " + user.balance + ")";
        Response response = http.post("/api/v1/admin/users/" + userId(user) + "/quota-adjustments", admin,
                Map.of("deltaHours", delta, "note", "model"));
        if (user.balance.add(delta).signum() >= 0) {
            expect(response, 200, null);
            user.balance = user.balance.add(delta);
            assertThat(response.decimal("quotaHours")).as(where).isEqualByComparingTo(user.balance);
        }
        else {
            expect(response, 400, "INSUFFICIENT_QUOTA");
        }
    }

    /**
     * The project's balance is the model's and its ledger's running sum; each member's spending is the
     * model's and the net charge of their jobs (the window never moves here).
     *
     * @return the project ledger's net by job
     */
    private Map<String, BigDecimal> checkProject() {
        assertThat(ProjectRows.balance(jdbc, project.id)).as("%s: the project's balance", where)
            .isEqualByComparingTo(project.balance);
        BigDecimal running = BigDecimal.ZERO;
        Map<String, BigDecimal> netByJob = new HashMap<>();
        for (Map<String, Object> entry : jdbc.sql("""
                SELECT delta_hours, balance_after, job_id FROM quota_ledger WHERE account_id = :id ORDER BY seq""")
            .param("id", project.id)
            .query()
            .listOfRows()) {
            running = running.add((BigDecimal) entry.get("delta_hours"));
            assertThat((BigDecimal) entry.get("balance_after")).as("%s: the project's balanceAfter", where)
                .isEqualByComparingTo(running)
                .isGreaterThanOrEqualTo(BigDecimal.ZERO);
            if (entry.get("job_id") != null) {
                netByJob.merge(entry.get("job_id").toString(), (BigDecimal) entry.get("delta_hours"), BigDecimal::add);
            }
        }
        assertThat(running).as("%s: the project's ledger sum", where).isEqualByComparingTo(project.balance);
        for (int u = 0; u < USERS; u++) {
            UUID member = UUID.fromString(userId(users.get(u)));
            BigDecimal spent = ProjectRows.spentHours(jdbc, project.id, member);
            assertThat(spent).as("%s: spentHours of user %d", where, u)
                .isEqualByComparingTo(project.spent[u])
                .isEqualByComparingTo(ProjectRows.netChargesSince(jdbc, project.id, member, Instant.EPOCH));
            if (project.caps[u] != null) {
                assertThat(spent).as("%s: user %d within their cap", where, u).isLessThanOrEqualTo(project.caps[u]);
            }
        }
        return netByJob;
    }

    private String userId(ModelUser user) {
        return userIds.computeIfAbsent(user.name, name -> http.get("/api/v1/users/me", user.token).text("id"));
    }

    /** The final charge is the used GPU-hours at the job's own weight, rounded up; the rest goes back. */
    private void finish(ModelJob job, Status status, BigDecimal used) {
        if (job.status == Status.PROCESSING) {
            job.pool.gpusInUse -= job.gpuCount;
        }
        BigDecimal finalCharge = used.multiply(job.weight).setScale(2, RoundingMode.CEILING);
        BigDecimal refund = job.chargedHours.subtract(finalCharge);
        if (job.project) {
            project.balance = project.balance.add(refund);
            project.spent[job.owner] = project.spent[job.owner].subtract(refund).max(BigDecimal.ZERO);
        }
        else {
            users.get(job.owner).balance = users.get(job.owner).balance.add(refund);
        }
        job.status = status;
        job.usedHours = used;
        job.chargedHours = finalCharge;
    }

    /** Mostly a job from which the move is legal (so the lifecycle advances), otherwise any job. */
    private ModelJob pickJob(Set<Status> preferred) {
        List<ModelJob> candidates = jobs.stream().filter(job -> preferred.contains(job.status)).toList();
        if (!candidates.isEmpty() && random.nextInt(10) < 8) {
            return candidates.get(random.nextInt(candidates.size()));
        }
        return jobs.get(random.nextInt(jobs.size()));
    }

    /** A random amount of hours from min/100 to max/100 (two decimals). */
    private BigDecimal hours(int minCents, int maxCents) {
        return BigDecimal.valueOf(minCents + random.nextInt(Math.max(1, maxCents - minCents + 1)), 2);
    }

    private void expect(Response response, int status, String code) {
        assertThat(response.status()).as("%s: %s", where, response.body()).isEqualTo(status);
        if (code != null) {
            assertThat(response.code()).as("%s: %s", where, response.body()).isEqualTo(code);
            refused++;
        }
        else {
            accepted++;
        }
    }

    private void checkInvariants() {
        Map<String, BigDecimal> projectNetByJob = checkProject();
        for (int u = 0; u < USERS; u++) {
            ModelUser user = users.get(u);
            String who = where + ", user " + u;
            assertThat(Accounts.balance(http, user.token)).as("%s: quotaHours", who)
                .isEqualByComparingTo(user.balance);

            List<JsonNode> ledger = Accounts.ledger(http, user.token);
            BigDecimal running = BigDecimal.ZERO;
            Map<String, BigDecimal> netByJob = new HashMap<>();
            for (JsonNode entry : ledger) {
                BigDecimal delta = entry.get("deltaHours").decimalValue();
                running = running.add(delta);
                assertThat(entry.get("balanceAfter").decimalValue()).as("%s: balanceAfter", who)
                    .isEqualByComparingTo(running)
                    .isGreaterThanOrEqualTo(BigDecimal.ZERO);
                if (!entry.get("jobId").isNull()) {
                    assertThat(entry.get("kind").asString()).as(who).isIn("JOB_CHARGE", "JOB_REFUND");
                    netByJob.merge(entry.get("jobId").asString(), delta, BigDecimal::add);
                }
            }
            assertThat(running).as("%s: sum of the ledger", who).isEqualByComparingTo(user.balance);

            Map<String, JsonNode> apiJobs = new HashMap<>();
            http.get("/api/v1/jobs?size=100", user.token).json().get("content").valueStream()
                .forEach(job -> apiJobs.put(job.get("id").asString(), job));
            int owner = u;
            List<ModelJob> mine = jobs.stream().filter(job -> job.owner == owner).toList();
            assertThat(apiJobs.keySet()).as("%s: jobs", who)
                .containsExactlyInAnyOrderElementsOf(mine.stream().map(job -> job.id).toList());
            for (ModelJob job : mine) {
                JsonNode api = apiJobs.get(job.id);
                assertThat(api.get("status").asString()).as("%s: job %s", who, job.id).isEqualTo(job.status.name());
                BigDecimal charged = (job.project ? projectNetByJob : netByJob).getOrDefault(job.id, BigDecimal.ZERO)
                    .negate();
                assertThat(job.project ? api.get("project").get("id").asString() : null).as(who)
                    .isEqualTo(job.project ? project.id.toString() : null);
                if (job.status.isFinal()) {
                    assertThat(api.get("usedHours").decimalValue()).as("%s: usedHours", who)
                        .isEqualByComparingTo(job.usedHours);
                }
                else {
                    assertThat(api.get("usedHours").isNull()).as("%s: usedHours before the end", who).isTrue();
                }
                assertThat(charged).as("%s: net charge of job %s", who, job.id).isEqualByComparingTo(job.chargedHours);
                assertThat(api.get("chargedHours").decimalValue()).as("%s: chargedHours of %s", who, job.id)
                    .isEqualByComparingTo(job.chargedHours);
                assertThat(api.get("weight").decimalValue()).as(who).isEqualByComparingTo(job.weight);
                assertThat(api.get("gpuCount").asInt()).as(who).isEqualTo(job.gpuCount);
            }
        }
        for (ModelPool pool : pools.subList(1, pools.size())) {
            JsonNode api = http.get("/api/v1/pools/" + pool.name, admin).json();
            assertThat(api.get("gpusInUse").asInt()).as("%s: gpusInUse of %s", where, pool.name)
                .isEqualTo(pool.gpusInUse)
                .isEqualTo(jobs.stream().filter(job -> job.pool == pool && job.status == Status.PROCESSING)
                    .mapToInt(job -> job.gpuCount).sum());
            assertThat(api.get("jobsWaiting").asLong()).as("%s: jobsWaiting of %s", where, pool.name)
                .isEqualTo(jobs.stream().filter(job -> job.pool == pool && job.status == Status.APPROVED).count());
            if (pool.gpus != null && pool.gpusInUse > pool.gpus) {
                // Only a lowered capacity can leave more in use than gpus, never a start.
                assertThat(api.get("gpus").asInt()).as(where).isEqualTo(pool.gpus);
            }
        }
    }
}
