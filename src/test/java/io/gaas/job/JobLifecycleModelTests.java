package io.gaas.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gaas.support.Accounts;
import io.gaas.support.MutableClock;
import io.gaas.support.ProjectRows;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;
import io.gaas.worker.LeaseSweeps;
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
 *
 * <p>Workers of the two new pools claim, heartbeat and finish the jobs that have a command, are
 * drained and resized, and users stop running jobs; finishes come again and come late. Time is a
 * test clock that each step may move on (never more than half a lease, so that no sweep takes it
 * for an outage of the service); after each move the lease sweep runs, and the model ends the runs
 * whose lease or time limit has passed. The model predicts which job each claim gets (approved
 * first, ties by id), what every run is charged, and how it ended.
 *
 * <p>Each run prints its seed; to replay one, put it alone in {@link #seeds()}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=flowadmin", "gaas.admin.password=" + TestHttp.PASSWORD,
                "gaas.worker.lease=PT60S",
                // A database of its own: the lease sweeps of other test contexts, on the real clock, stay out of it.
                "spring.datasource.url=jdbc:h2:mem:jobmodel;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                        + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1" })
@Import(JobLifecycleModelTests.Clocks.class)
class JobLifecycleModelTests {

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        }
    }

    static final int STEPS = 80;
    static final int USERS = 3;
    static final int MAX_WORKERS = 4;
    static final Duration LEASE = Duration.ofSeconds(60);
    /** The service's allowance past a job's time limit, for a lease of 60 s: max(lease, 30 s) + 10 s. */
    static final Duration TIME_LIMIT_GRACE = Duration.ofSeconds(70);
    /** At most half a lease per step: two steps never look like an outage to a sweep. */
    static final int MAX_STEP_MILLIS = 30_000;

    /** The user who manages the project (and is a member like the others). */
    static final int MANAGER = USERS - 1;

    enum Status {
        PENDING, APPROVED, PROCESSING, COMPLETED, REJECTED, CANCELLED, FAILED;

        boolean isFinal() {
            return EnumSet.of(COMPLETED, REJECTED, CANCELLED, FAILED).contains(this);
        }
    }

    /** How a run on a worker ended (the API's {@code run.endReason}). */
    enum End {
        EXIT_CODE, START_FAILED, STOPPED, WORKER_LOST, TIME_LIMIT, MANUAL;

        boolean byTheWorker() {
            return this == EXIT_CODE || this == START_FAILED || this == STOPPED;
        }
    }

    static final Map<Status, Set<Status>> ADMIN_MOVES = Map.of(Status.PENDING, EnumSet.of(Status.APPROVED,
            Status.REJECTED), Status.APPROVED, EnumSet.of(Status.PROCESSING), Status.PROCESSING,
            EnumSet.of(Status.COMPLETED, Status.FAILED));

    static final List<String> COMMAND = List.of("python", "train.py");

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
        /** The allocation, once the admin gives it one; {@code null} before. */
        BigDecimal allocationHours;
        BigDecimal carryOverHours;
        /** The start of the current window (the last refill), from which spentHours counts. */
        Instant windowStart = Instant.EPOCH;

        ModelProject(String name) {
            this.name = name;
            java.util.Arrays.fill(spent, BigDecimal.ZERO.setScale(2));
        }
    }

    static final class ModelWorker {
        final String id;
        final String name;
        final String token;
        final ModelPool pool;
        int gpus;
        boolean enabled = true;

        ModelWorker(String id, String name, String token, ModelPool pool, int gpus) {
            this.id = id;
            this.name = name;
            this.token = token;
            this.pool = pool;
            this.gpus = gpus;
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
        final boolean hasCommand;
        final long timeLimitSeconds;
        BigDecimal chargedHours;
        /** When it was charged (its createdAt): a refill after that caps its refund. */
        Instant chargedAt;
        /** Hours of its refund that expired with a refill instead of going back (the cap). */
        BigDecimal expired = BigDecimal.ZERO;
        Status status = Status.PENDING;
        BigDecimal usedHours;
        Instant approvedAt;
        // The run on a worker: null until a claim.
        ModelWorker worker;
        Instant startedAt;
        Instant lastHeartbeatAt;
        Instant leaseExpiresAt;
        Instant deadlineAt;
        boolean stopRequested;
        boolean stopAcknowledged;
        String stopRequestedBy;
        End end;
        Integer exitCode;

        ModelJob(String id, int owner, BigDecimal gpuHours, ModelPool pool, int gpuCount, boolean hasCommand) {
            this.id = id;
            this.owner = owner;
            this.gpuHours = gpuHours;
            this.pool = pool;
            this.gpuCount = gpuCount;
            this.weight = pool.weight;
            this.hasCommand = hasCommand;
            this.chargedHours = pool.charge(gpuHours);
            this.timeLimitSeconds = gpuHours.multiply(BigDecimal.valueOf(3600))
                .divide(BigDecimal.valueOf(gpuCount), 0, RoundingMode.FLOOR)
                .longValueExact();
        }

        boolean isRunningOn(ModelWorker candidate) {
            return status == Status.PROCESSING && worker == candidate;
        }

        /** {@code seconds × gpuCount} as GPU-hours, rounded up to 0.01, at most what the job asked for. */
        BigDecimal gpuHoursFor(BigDecimal seconds) {
            return seconds.max(BigDecimal.ZERO)
                .multiply(BigDecimal.valueOf(gpuCount))
                .divide(BigDecimal.valueOf(3600), 2, RoundingMode.CEILING)
                .min(gpuHours);
        }
    }

    static final List<BigDecimal> WEIGHTS = List.of(new BigDecimal("0.5"), new BigDecimal("1.25"),
            new BigDecimal("2.5"), new BigDecimal("1.33"), new BigDecimal("0.01"), new BigDecimal("3"));

    static LongStream seeds() {
        return LongStream.of(1L, 2L, 3L, 42L, 1234L, 99991L, 20261127L, 31337L, 8675309L, 424242L, 7L, 77L, 777L,
                20261201L, 5L, 55L, 555L, 5555L, 11L, 111L);
    }

    /** Over all seeds: starts the small pool refused, claims, runs by how they ended, and seeds run. */
    static final AtomicInteger REFUSED_AT_CAPACITY = new AtomicInteger();
    static final AtomicInteger CLAIMS = new AtomicInteger();
    static final Map<End, AtomicInteger> ENDS = new EnumMap<>(End.class);
    static final AtomicInteger SEEDS_RUN = new AtomicInteger();

    /** Over all seeds: project charges accepted, refused at a member's cap, and the manager's moves that took. */
    static final AtomicInteger CHARGED_TO_PROJECT = new AtomicInteger();
    static final AtomicInteger REFUSED_AT_CAP = new AtomicInteger();
    static final AtomicInteger MOVED_BY_MANAGER = new AtomicInteger();
    static final AtomicInteger REFILLS = new AtomicInteger();
    static final AtomicInteger TOP_UPS = new AtomicInteger();

    @BeforeAll
    static void countAfresh() {
        REFUSED_AT_CAPACITY.set(0);
        CLAIMS.set(0);
        for (End end : End.values()) {
            ENDS.put(end, new AtomicInteger());
        }
        SEEDS_RUN.set(0);
        CHARGED_TO_PROJECT.set(0);
        REFUSED_AT_CAP.set(0);
        MOVED_BY_MANAGER.set(0);
        REFILLS.set(0);
        TOP_UPS.set(0);
    }

    @AfterAll
    static void theSeedsReachedEveryCorner() {
        if (SEEDS_RUN.get() == seeds().count()) {
            System.out.println("JobLifecycleModelTests over all seeds: " + CLAIMS + " claims, runs ended " + ENDS);
            assertThat(REFUSED_AT_CAPACITY.get()).as("starts refused at capacity over all seeds").isPositive();
            assertThat(CHARGED_TO_PROJECT.get()).as("jobs charged to the project over all seeds").isPositive();
            assertThat(REFUSED_AT_CAP.get()).as("submissions refused at a member's cap over all seeds").isPositive();
            assertThat(MOVED_BY_MANAGER.get()).as("approvals and rejections by the manager over all seeds")
                .isPositive();
            assertThat(REFILLS.get()).as("refills of the project over all seeds").isPositive();
            assertThat(TOP_UPS.get()).as("top-ups granted to the project over all seeds").isPositive();
            assertThat(CLAIMS.get()).as("claims over all seeds").isPositive();
            for (End end : End.values()) {
                assertThat(ENDS.get(end).get()).as("runs ended %s over all seeds", end).isPositive();
            }
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    ApplicationContext context;

    TestHttp http;
    ModelProject project;
    String admin;
    Random random;
    List<ModelUser> users;
    List<ModelJob> jobs;
    List<ModelPool> pools;
    List<ModelWorker> workers;
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
            project.caps[i] = random.nextBoolean() ? null : hours(50, 400);
            ProjectRows.addMember(jdbc, project.id, UUID.fromString(userId(users.get(i))),
                    i == MANAGER ? "MANAGER" : "MEMBER", project.caps[i]);
        }
        pools = new ArrayList<>();
        pools.add(new ModelPool("default", null, BigDecimal.ONE, null));
        pools.add(createPool(new ModelPool(TestHttp.uniqueName("small").toLowerCase(), 1 + random.nextInt(3),
                pickWeight(), random.nextInt(3) > 0 ? hours(0, 150) : null)));
        pools.add(createPool(new ModelPool(TestHttp.uniqueName("wide").toLowerCase(), null, pickWeight(), null)));
        // Workers serve this seed's own pools only: what earlier seeds left in `default` is not in this model.
        workers = new ArrayList<>();
        workers.add(createWorker(pools.get(1), 1 + random.nextInt(3)));
        workers.add(createWorker(pools.get(2), 1 + random.nextInt(4)));

        for (int step = 0; step < STEPS; step++) {
            where = "seed " + seed + ", step " + step;
            passTime();
            step();
            checkInvariants();
        }
        eachRunWasClaimedOnce();
        long claimed = jobs.stream().filter(job -> job.worker != null).count();
        System.out.printf("JobLifecycleModelTests [%s] done: %d steps, %d accepted, %d refused (%d at capacity), "
                + "%d jobs, %d claimed%n", info.getDisplayName(), STEPS, accepted, refused, atCapacity, jobs.size(),
                claimed);
        assertThat(accepted).as("a sequence that never succeeds tests nothing").isGreaterThan(STEPS / 4);
        REFUSED_AT_CAPACITY.addAndGet(atCapacity);
        CLAIMS.addAndGet((int) claimed);
        jobs.stream().filter(job -> job.end != null).forEach(job -> ENDS.get(job.end).incrementAndGet());
        SEEDS_RUN.incrementAndGet();
    }

    /** Half of the steps are the moves of users and admins, the other half workers at work. */
    private void step() {
        int roll = random.nextInt(100);
        if (jobs.isEmpty() || roll < 24) {
            submit();
        }
        else if (roll < 28) {
            cancel();
        }
        else if (roll < 38) {
            changeStatus(Status.APPROVED);
        }
        else if (roll < 41) {
            changeStatus(Status.REJECTED);
        }
        else if (roll < 43) {
            changeStatus(Status.PROCESSING);
        }
        else if (roll < 47) {
            changeStatus(random.nextBoolean() ? Status.COMPLETED : Status.FAILED);
        }
        else if (roll < 51) {
            adjust();
        }
        else if (roll < 53) {
            changePool();
        }
        else if (roll < 56) {
            changeStatus(Status.values()[random.nextInt(Status.values().length)]);
        }
        else if (roll < 74) {
            claim();
        }
        else if (roll < 83) {
            heartbeat();
        }
        else if (roll < 88) {
            workersRunFor();
        }
        else if (roll < 92) {
            finishByWorker();
        }
        else if (roll < 97) {
            stop();
        }
        else if (roll < 98) {
            refillProject();
        }
        else if (roll < 99) {
            topUpProject();
        }
        else {
            changeWorkers();
        }
    }

    // --- time and the lease sweep ---

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Half of the steps take no time, most others a few seconds, some up to half a lease. */
    private void passTime() {
        int roll = random.nextInt(100);
        if (roll >= 50) {
            advance(roll < 85 ? 1 + random.nextInt(4000) : 5000 + random.nextInt(MAX_STEP_MILLIS - 5000 + 1));
        }
    }

    /**
     * Moves the clock on, lets the service's sweep run, and ends in the model what it must have
     * ended: a run whose lease has passed (worker lost, charged from the claim to the last
     * heartbeat), or that is still running past its time limit and grace (charged in full),
     * whichever came first.
     */
    private void advance(long millis) {
        clock.advance(Duration.ofMillis(millis));
        where += " (+" + millis + " ms)";
        LeaseSweeps.settle(context, clock);
        Instant now = now();
        // In the sweep's order (by id, as the database orders UUIDs): refunds capped by a refill depend on it.
        List<ModelJob> byId = jobs.stream().sorted(Comparator.comparing(job -> job.id)).toList();
        for (ModelJob job : byId) {
            if (job.status == Status.PROCESSING && job.worker != null
                    && (job.leaseExpiresAt.isBefore(now) || !job.deadlineAt.isAfter(now))) {
                End end = job.leaseExpiresAt.isBefore(job.deadlineAt) ? End.WORKER_LOST : End.TIME_LIMIT;
                BigDecimal used = end == End.WORKER_LOST ? job.gpuHoursFor(seconds(job.startedAt, job.lastHeartbeatAt))
                        : job.gpuHours;
                finish(job, Status.FAILED, used);
                job.end = end;
                job.exitCode = null;
            }
        }
    }

    private static BigDecimal seconds(Instant from, Instant to) {
        return BigDecimal.valueOf(Math.max(0, Duration.between(from, to).toMillis())).movePointLeft(3);
    }

    // --- users and admins ---

    private void submit() {
        int u = random.nextInt(USERS);
        ModelUser user = users.get(u);
        boolean hasCommand = random.nextInt(3) > 0;
        // Half of the jobs go to the small pool, so that its capacity is reached now and then; jobs with a
        // command mostly go where the workers are.
        ModelPool pool = random.nextBoolean() ? pools.get(1)
                : hasCommand && random.nextInt(10) > 0 ? pools.get(2) : pools.get(random.nextInt(pools.size()));
        int gpuCount = random.nextInt(4) == 0 ? 1 + random.nextInt(5) : 1;
        BigDecimal hours = switch (random.nextInt(10)) {
            case 0 -> user.balance.add(new BigDecimal("0.01"));
            case 1 -> new BigDecimal("50.00");
            case 2 -> BigDecimal.valueOf(random.nextInt(gpuCount + 1), 2);
            // 36 to 180 seconds of wall time: short enough for a run to reach its time limit.
            case 3, 4 -> BigDecimal.valueOf(gpuCount * (1 + random.nextInt(5)), 2);
            default -> hours(1, hasCommand ? 150 : 400);
        };
        if (hours.signum() == 0) {
            hours = new BigDecimal("0.01");
        }
        BigDecimal charge = pool.charge(hours);
        boolean toProject = random.nextInt(3) == 0;
        where += " submit " + hours + " x" + gpuCount + (hasCommand ? " with a command" : "") + " to " + pool.name
                + " (charge " + charge + ") by user " + u
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
        if (hasCommand) {
            body.put("command", COMMAND);
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
            ModelJob job = new ModelJob(response.text("id"), u, hours, pool, gpuCount, hasCommand);
            job.project = toProject;
            job.chargedAt = Instant.parse(response.text("createdAt"));
            if (pool.autoApproveHours != null && charge.compareTo(pool.autoApproveHours) <= 0) {
                job.status = Status.APPROVED;
                job.approvedAt = now();
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
        // Approvals go mostly to jobs that a worker of this seed can run.
        ModelJob job = target == Status.APPROVED && random.nextBoolean()
                ? pickJob(candidate -> candidate.status == Status.PENDING && candidate.hasCommand
                        && candidate.pool != pools.get(0))
                : pickJob(fromWhereLegal);
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
        where += " PATCH " + job.status + (job.worker != null ? " (on a worker)" : "") + " -> " + target
                + " usedHours " + used + " (gpuHours " + job.gpuHours + ")";
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
                case COMPLETED, FAILED -> {
                    finish(job, target, used == null ? job.gpuHours : used);
                    if (job.worker != null) {
                        // An admin ended a worker's run by hand: the worker's next word about it is LEASE_LOST.
                        job.end = End.MANUAL;
                    }
                }
                case PROCESSING -> {
                    job.status = target;
                    pool.gpusInUse += job.gpuCount;
                }
                case APPROVED -> {
                    job.status = target;
                    job.approvedAt = now();
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
     * The admin gives the project an allocation (now and then a new one) and starts a new period by
     * hand: the balance becomes min(balance, carryOverHours) + hours in one entry, and every member's
     * spending starts again from 0.
     */
    private void refillProject() {
        if (project.allocationHours == null || random.nextInt(4) == 0) {
            project.allocationHours = hours(0, 2000);
            project.carryOverHours = hours(0, 500);
            Response allocated = http.send("PUT", "/api/v1/admin/projects/" + project.id + "/allocation", admin,
                    TestHttp.json(Map.of("hours", project.allocationHours, "period",
                            random.nextBoolean() ? "MONTHLY" : "WEEKLY", "carryOverHours", project.carryOverHours)),
                    "application/json", Map.of());
            where += " allocate " + project.allocationHours + " (carry over " + project.carryOverHours + ")";
            expect(allocated, 200, null);
        }
        where += " refill the project (balance " + project.balance + ")";
        Response refilled = http.post("/api/v1/admin/projects/" + project.id + "/allocation/refill", admin, null);
        expect(refilled, 200, null);
        project.balance = project.balance.min(project.carryOverHours).add(project.allocationHours);
        java.util.Arrays.fill(project.spent, BigDecimal.ZERO.setScale(2));
        project.windowStart = jdbc.sql("SELECT last_refill_at FROM quota_accounts WHERE account_id = :id")
            .param("id", project.id)
            .query((row, n) -> row.getObject(1, java.time.OffsetDateTime.class).toInstant())
            .single();
        assertThat(refilled.decimal("quotaHours")).as(where).isEqualByComparingTo(project.balance);
        REFILLS.incrementAndGet();
    }

    /** A member asks for more hours for the project; the admin grants all, part, or nothing. */
    private void topUpProject() {
        int u = random.nextInt(USERS);
        BigDecimal asked = hours(1, 500);
        where += " top-up request of " + asked + " by user " + u;
        Response opened = http.post("/api/v1/quota-requests", users.get(u).token,
                Map.of("hours", asked, "justification", "model", "project", project.name));
        expect(opened, 201, null);
        boolean approve = random.nextInt(3) > 0;
        BigDecimal granted = random.nextBoolean() ? asked : hours(1, asked.movePointRight(2).intValue());
        where += approve ? ", granted " + granted : ", denied";
        Response decided = http.post("/api/v1/admin/quota-requests/" + opened.text("id") + "/decision", admin,
                approve ? Map.of("approve", true, "grantedHours", granted) : Map.of("approve", false));
        expect(decided, 200, null);
        if (approve) {
            project.balance = project.balance.add(granted);
            TOP_UPS.incrementAndGet();
        }
    }

    /**
     * The project's balance is the model's and its ledger's running sum; each member's spending is the
     * model's and the net charge of their jobs since the window's start (the last refill).
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
                .isEqualByComparingTo(ProjectRows.netChargesSince(jdbc, project.id, member, project.windowStart));
            if (project.caps[u] != null) {
                assertThat(spent).as("%s: user %d within their cap", where, u).isLessThanOrEqualTo(project.caps[u]);
            }
        }
        return netByJob;
    }

    private String userId(ModelUser user) {
        return userIds.computeIfAbsent(user.name, name -> http.get("/api/v1/users/me", user.token).text("id"));
    }

    /**
     * The owner, an admin, or another user asks to stop a job: refused as if the job did not exist,
     * unless that user manages the project the job is charged to.
     */
    private void stop() {
        ModelJob job = pickJob(candidate -> candidate.status == Status.PROCESSING && candidate.worker != null);
        int who = random.nextInt(10);
        int other = (job.owner + 1 + random.nextInt(USERS - 1)) % USERS;
        boolean byManager = who >= 9 && job.project && other == MANAGER;
        String token = who < 6 ? users.get(job.owner).token : who < 9 ? admin : users.get(other).token;
        String username = who < 6 ? users.get(job.owner).name : who < 9 ? adminUsername() : users.get(other).name;
        where += " stop " + job.status + (job.worker != null ? " (on a worker)" : "") + " job by "
                + (who < 6 ? "owner" : who < 9 ? "admin" : byManager ? "the project's manager" : "another user");
        Response response = http.post("/api/v1/jobs/" + job.id + "/stop", token, null);
        if (who >= 9 && !byManager) {
            expect(response, 404, "NOT_FOUND");
        }
        else if (job.status == Status.PROCESSING && job.worker != null) {
            expect(response, 202, null);
            if (!job.stopRequested) {
                job.stopRequested = true;
                job.stopRequestedBy = username;
            }
            assertThat(response.json().get("stopRequested").asBoolean()).as(where).isTrue();
            if (random.nextInt(4) > 0) {
                // Its worker heartbeats at once and learns it; otherwise a finish may still come first.
                heartbeatAll(job.worker);
            }
        }
        else {
            expect(response, 409, "INVALID_TRANSITION");
        }
    }

    // --- workers ---

    private ModelWorker createWorker(ModelPool pool, int gpus) {
        String name = TestHttp.uniqueName("w").toLowerCase();
        Response response = http.post("/api/v1/admin/workers", admin, Map.of("name", name, "pool", pool.name,
                "gpus", gpus));
        assertThat(response.status()).as("%s: %s", where, response.body()).isEqualTo(201);
        assertThat(response.text("token")).as(where).startsWith("gaasw_");
        return new ModelWorker(response.text("id"), name, response.text("token"), pool, gpus);
    }

    /** An admin adds a worker (up to four), drains one or lets a drained one claim again, or changes its GPUs. */
    private void changeWorkers() {
        if (workers.size() < MAX_WORKERS && random.nextInt(3) == 0) {
            ModelPool pool = pools.get(1 + random.nextInt(2));
            int gpus = 1 + random.nextInt(4);
            where += " add a worker of " + gpus + " GPUs to " + pool.name;
            workers.add(createWorker(pool, gpus));
            accepted++;
            return;
        }
        List<ModelWorker> drained = workers.stream().filter(worker -> !worker.enabled).toList();
        ModelWorker worker = !drained.isEmpty() && random.nextBoolean() ? drained.get(random.nextInt(drained.size()))
                : workers.get(random.nextInt(workers.size()));
        Map<String, Object> body = new LinkedHashMap<>();
        if (!worker.enabled || random.nextInt(3) == 0) {
            body.put("enabled", !worker.enabled);
        }
        else {
            body.put("gpus", 1 + random.nextInt(4));
        }
        where += " PATCH worker " + worker.name + " " + body;
        Response response = http.patch("/api/v1/admin/workers/" + worker.id, admin, body);
        expect(response, 200, null);
        if (body.containsKey("enabled")) {
            worker.enabled = (Boolean) body.get("enabled");
        }
        if (body.containsKey("gpus")) {
            worker.gpus = (Integer) body.get("gpus");
        }
        assertThat(response.json().get("enabled").asBoolean()).as(where).isEqualTo(worker.enabled);
        assertThat(response.json().get("gpus").asInt()).as(where).isEqualTo(worker.gpus);
    }

    /**
     * A worker asks for a job with some free GPUs (now and then more than it has: refused). The
     * model's answer: nothing for a drained worker or one whose GPUs are all taken; else the APPROVED
     * job with a command of its pool, approved first (ties by id, compared as the database compares
     * UUIDs), among those that fit both its free GPUs and the pool's free capacity.
     */
    private void claim() {
        List<ModelWorker> withWork = workers.stream()
            .filter(worker -> jobs.stream()
                .anyMatch(job -> job.pool == worker.pool && job.status == Status.APPROVED && job.hasCommand))
            .toList();
        ModelWorker worker = !withWork.isEmpty() && random.nextInt(10) < 8 ? withWork.get(random.nextInt(withWork.size()))
                : workers.get(random.nextInt(workers.size()));
        boolean tooMany = random.nextInt(10) == 0;
        int freeGpus = tooMany ? worker.gpus + 1 : 1 + random.nextInt(worker.gpus);
        where += " claim by " + worker.name + (worker.enabled ? "" : " (drained)") + " with " + freeGpus + " free";
        Response response = http.post("/api/v1/worker/claim", worker.token, Map.of("freeGpus", freeGpus,
                "waitSeconds", 0));
        if (tooMany) {
            expect(response, 400, "VALIDATION_FAILED");
            assertThat(response.json().get("errors").get(0).get("field").asString()).as(where).isEqualTo("freeGpus");
            return;
        }
        ModelJob next = worker.enabled ? nextFor(worker, freeGpus) : null;
        if (next == null) {
            expect(response, 204, null);
            return;
        }
        expect(response, 200, null);
        JsonNode claimed = response.json().get("job");
        assertThat(claimed.get("id").asString()).as("%s: the job claimed", where).isEqualTo(next.id);
        Instant now = now();
        assertThat(Instant.parse(response.text("leaseExpiresAt"))).as(where).isEqualTo(now.plus(LEASE));
        assertThat(response.json().get("heartbeatSeconds").asInt()).as(where).isEqualTo(20);
        assertThat(claimed.get("status").asString()).as(where).isEqualTo("PROCESSING");
        assertThat(claimed.get("command").valueStream().map(JsonNode::asString).toList()).as(where)
            .isEqualTo(COMMAND);

        next.status = Status.PROCESSING;
        next.pool.gpusInUse += next.gpuCount;
        next.worker = worker;
        next.startedAt = now;
        next.lastHeartbeatAt = now;
        next.leaseExpiresAt = now.plus(LEASE);
        next.deadlineAt = now.plusSeconds(next.timeLimitSeconds).plus(TIME_LIMIT_GRACE);
    }

    private ModelJob nextFor(ModelWorker worker, int freeGpus) {
        int running = jobs.stream().filter(job -> job.isRunningOn(worker)).mapToInt(job -> job.gpuCount).sum();
        int room = Math.min(freeGpus, worker.gpus - running);
        ModelPool pool = worker.pool;
        return jobs.stream()
            .filter(job -> job.pool == pool && job.status == Status.APPROVED && job.hasCommand)
            .filter(job -> job.gpuCount <= room)
            .filter(job -> pool.gpus == null || pool.gpusInUse + job.gpuCount <= pool.gpus)
            .min(Comparator.comparing((ModelJob job) -> job.approvedAt).thenComparing(job -> job.id))
            .orElse(null);
    }

    /**
     * A worker heartbeats every job it runs, as the reference worker does; now and then also one it
     * does not run (any more), which is {@code LEASE_LOST}.
     */
    private void heartbeat() {
        ModelWorker worker = pickWorker();
        List<ModelJob> mine = heartbeatAll(worker);
        if (mine.isEmpty() || random.nextInt(4) == 0) {
            ModelJob stray = pickJob(job -> !job.isRunningOn(worker));
            if (stray != null && !stray.isRunningOn(worker)) {
                where += ", and for a " + stray.status + " job it does not run";
                expect(http.post("/api/v1/worker/jobs/" + stray.id + "/heartbeat", worker.token, null), 409,
                        "LEASE_LOST");
            }
        }
    }

    /**
     * The workers keep running for a while: every {@code heartbeatSeconds} (20 s) each heartbeats its
     * jobs, except, now and then, one that has gone silent. Jobs with a short time limit run into it.
     */
    private void workersRunFor() {
        int rounds = 2 + random.nextInt(5);
        ModelWorker silent = random.nextInt(4) == 0 ? workers.get(random.nextInt(workers.size())) : null;
        where += " workers run for " + rounds + " x 20 s" + (silent == null ? "" : ", " + silent.name + " silent");
        for (int round = 0; round < rounds; round++) {
            advance(20_000);
            workers.stream().filter(worker -> worker != silent).forEach(this::heartbeatAll);
        }
    }

    /** The worker heartbeats every job it runs, as the reference worker does; the jobs it ran. */
    private List<ModelJob> heartbeatAll(ModelWorker worker) {
        List<ModelJob> mine = jobs.stream().filter(job -> job.isRunningOn(worker)).toList();
        where += " heartbeats of " + worker.name + " for " + mine.size() + " jobs";
        Instant now = now();
        for (ModelJob job : mine) {
            Response response = http.post("/api/v1/worker/jobs/" + job.id + "/heartbeat", worker.token, null);
            expect(response, 200, null);
            assertThat(Instant.parse(response.text("leaseExpiresAt"))).as(where).isEqualTo(now.plus(LEASE));
            assertThat(response.json().get("stop").asBoolean()).as("%s: stop of %s", where, job.id)
                .isEqualTo(job.stopRequested);
            job.lastHeartbeatAt = now;
            job.leaseExpiresAt = now.plus(LEASE);
            job.stopAcknowledged = job.stopRequested;
        }
        return mine;
    }

    /**
     * A worker reports a job's end: mostly one it runs, sometimes one it already reported (the same
     * report again is answered with the same view; another is {@code LEASE_LOST}), sometimes any job
     * by any worker. Exit 0 completes the job, another code or none (did not start) fails it, and a
     * job whose worker was told to stop fails as stopped; the job is charged for the shorter of the
     * reported run time and the time since the claim.
     */
    private void finishByWorker() {
        int kind = random.nextInt(100);
        ModelJob job;
        ModelWorker worker;
        Integer exitCode = switch (random.nextInt(10)) {
            case 0, 1, 2, 3, 4 -> 0;
            case 5, 6, 7 -> 1 + random.nextInt(255);
            default -> null;
        };
        if (kind < 70) {
            // A worker told to stop ends the job soon after: such a job is the likeliest to be reported.
            boolean told = random.nextBoolean() && jobs.stream().anyMatch(candidate -> candidate.stopAcknowledged
                    && candidate.status == Status.PROCESSING);
            job = pickJob(candidate -> candidate.status == Status.PROCESSING && candidate.worker != null
                    && (!told || candidate.stopAcknowledged));
            worker = job.worker != null ? job.worker : pickWorker();
        }
        else if (kind < 85) {
            job = pickJob(candidate -> candidate.end != null && candidate.end.byTheWorker());
            worker = job.worker != null ? job.worker : pickWorker();
            if (job.end != null && random.nextInt(10) < 7) {
                exitCode = job.exitCode;
            }
        }
        else {
            job = jobs.get(random.nextInt(jobs.size()));
            worker = pickWorker();
        }
        Instant now = now();
        long sinceClaimMillis = job.startedAt == null ? 0 : Duration.between(job.startedAt, now).toMillis();
        BigDecimal runSeconds = random.nextBoolean()
                ? BigDecimal.valueOf((long) (random.nextDouble() * (sinceClaimMillis + 1)), 3)
                : BigDecimal.valueOf(sinceClaimMillis + random.nextInt(10_000_000), 3);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("exitCode", exitCode);
        body.put("runSeconds", runSeconds);
        body.put("output", random.nextBoolean() ? null : "epoch 3/3: loss 0.12\n");
        where += " finish of a " + job.status + (job.end != null ? " (" + job.end + ")" : "") + " job by "
                + worker.name + (job.worker == worker ? " (its worker)" : "") + ", exit " + exitCode + ", "
                + runSeconds + " s of " + BigDecimal.valueOf(sinceClaimMillis, 3) + " since the claim";
        Response response = http.post("/api/v1/worker/jobs/" + job.id + "/finish", worker.token, body);

        if (job.isRunningOn(worker)) {
            expect(response, 200, null);
            BigDecimal used = job.gpuHoursFor(runSeconds.min(seconds(job.startedAt, now)));
            String reason;
            if (job.stopAcknowledged) {
                finish(job, Status.FAILED, used);
                job.end = End.STOPPED;
                reason = "stopped by " + job.stopRequestedBy;
            }
            else if (exitCode == null) {
                finish(job, Status.FAILED, used);
                job.end = End.START_FAILED;
                reason = "the command could not be started";
            }
            else {
                finish(job, exitCode == 0 ? Status.COMPLETED : Status.FAILED, used);
                job.end = End.EXIT_CODE;
                reason = exitCode == 0 ? null : "exit code " + exitCode;
            }
            job.exitCode = exitCode;
            JsonNode last = response.json().get("history").get(response.json().get("history").size() - 1);
            assertThat(last.get("status").asString()).as(where).isEqualTo(job.status.name());
            assertThat(last.get("by").asString()).as(where).isEqualTo("worker:" + worker.name);
            assertThat(last.get("reason").isNull() ? null : last.get("reason").asString()).as(where)
                .isEqualTo(reason);
        }
        else if (job.status.isFinal() && job.worker == worker && job.end != null && job.end.byTheWorker()
                && Objects.equals(job.exitCode, exitCode)) {
            // The same report again (its answer was lost): the same final view, nothing settled twice.
            expect(response, 200, null);
        }
        else {
            expect(response, 409, "LEASE_LOST");
            return;
        }
        assertThat(response.text("status")).as(where).isEqualTo(job.status.name());
        assertThat(response.decimal("usedHours")).as(where).isEqualByComparingTo(job.usedHours);
        assertThat(response.decimal("chargedHours")).as(where).isEqualByComparingTo(job.chargedHours);
    }

    /** Mostly a worker that runs something, so that its jobs are heartbeated and finished. */
    private ModelWorker pickWorker() {
        List<ModelWorker> busy = workers.stream()
            .filter(worker -> jobs.stream().anyMatch(job -> job.isRunningOn(worker)))
            .toList();
        if (!busy.isEmpty() && random.nextInt(10) < 8) {
            return busy.get(random.nextInt(busy.size()));
        }
        return workers.get(random.nextInt(workers.size()));
    }

    // --- the model's bookkeeping ---

    /** The final charge is the used GPU-hours at the job's own weight, rounded up; the rest goes back. */
    private void finish(ModelJob job, Status status, BigDecimal used) {
        if (job.status == Status.PROCESSING) {
            job.pool.gpusInUse -= job.gpuCount;
        }
        BigDecimal finalCharge = used.multiply(job.weight).setScale(2, RoundingMode.CEILING);
        BigDecimal refund = job.chargedHours.subtract(finalCharge);
        if (job.project && job.chargedAt.isBefore(project.windowStart)) {
            // Charged before the last refill: back only up to hours + carryOverHours, the rest expired; its
            // owner's spending belongs to the window before and stays.
            BigDecimal room = project.allocationHours.add(project.carryOverHours).subtract(project.balance)
                .max(BigDecimal.ZERO);
            BigDecimal credited = refund.min(room);
            project.balance = project.balance.add(credited);
            job.expired = job.expired.add(refund.subtract(credited));
        }
        else if (job.project) {
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
        return pickJob(job -> preferred.contains(job.status));
    }

    private ModelJob pickJob(Predicate<ModelJob> preferred) {
        List<ModelJob> candidates = jobs.stream().filter(preferred).toList();
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

    // --- invariants ---

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
                String which = who + ", job " + job.id;
                assertThat(api.get("status").asString()).as("%s: status", which).isEqualTo(job.status.name());
                BigDecimal charged = (job.project ? projectNetByJob : netByJob).getOrDefault(job.id, BigDecimal.ZERO)
                    .negate();
                assertThat(job.project ? api.get("project").get("id").asString() : null).as(which)
                    .isEqualTo(job.project ? project.id.toString() : null);
                if (job.status.isFinal()) {
                    assertThat(api.get("usedHours").decimalValue()).as("%s: usedHours", which)
                        .isEqualByComparingTo(job.usedHours);
                }
                else {
                    assertThat(api.get("usedHours").isNull()).as("%s: usedHours before the end", which).isTrue();
                }
                assertThat(charged).as("%s: net charge", which).isEqualByComparingTo(job.chargedHours.add(job.expired));
                assertThat(api.get("chargedHours").decimalValue()).as("%s: chargedHours", which)
                    .isEqualByComparingTo(job.chargedHours);
                assertThat(api.get("weight").decimalValue()).as(which).isEqualByComparingTo(job.weight);
                assertThat(api.get("gpuCount").asInt()).as(which).isEqualTo(job.gpuCount);
                assertThat(api.get("timeLimitSeconds").asLong()).as(which).isEqualTo(job.timeLimitSeconds);
                assertThat(api.get("command").isNull()).as("%s: no command", which).isEqualTo(!job.hasCommand);
                checkRun(job, api, which);
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
        for (ModelWorker worker : workers) {
            checkWorker(worker);
        }
    }

    /** The job's run as the model has it: who runs it, its lease, how it ended, and why it still waits. */
    private void checkRun(ModelJob job, JsonNode api, String which) {
        assertThat(api.get("stopRequested").asBoolean()).as("%s: stopRequested", which).isEqualTo(job.stopRequested);
        assertThat(api.get("waitReason").isNull() ? null : api.get("waitReason").asString())
            .as("%s: waitReason", which)
            .isEqualTo(waitReason(job));
        JsonNode run = api.get("run");
        if (job.worker == null) {
            assertThat(run.isNull()).as("%s: no run on a worker", which).isTrue();
            return;
        }
        assertThat(run.get("worker").get("id").asString()).as("%s: run.worker", which).isEqualTo(job.worker.id);
        assertThat(run.get("worker").get("name").asString()).as(which).isEqualTo(job.worker.name);
        assertThat(Instant.parse(run.get("startedAt").asString())).as("%s: startedAt", which).isEqualTo(job.startedAt);
        assertThat(run.get("endReason").isNull() ? null : End.valueOf(run.get("endReason").asString()))
            .as("%s: endReason", which)
            .isEqualTo(job.end);
        assertThat(run.get("exitCode").isNull() ? null : run.get("exitCode").asInt()).as("%s: exitCode", which)
            .isEqualTo(job.exitCode);
        assertThat(run.get("finishedAt").isNull()).as("%s: finishedAt", which).isEqualTo(job.end == null);
        if (job.status == Status.PROCESSING) {
            assertThat(Instant.parse(run.get("leaseExpiresAt").asString())).as("%s: leaseExpiresAt", which)
                .isEqualTo(job.leaseExpiresAt);
        }
    }

    /** The first that applies of a disabled pool (never, here), no enabled worker with the GPUs, too few free. */
    private String waitReason(ModelJob job) {
        if (job.status != Status.APPROVED || !job.hasCommand) {
            return null;
        }
        boolean aWorkerFits = workers.stream()
            .anyMatch(worker -> worker.pool == job.pool && worker.enabled && worker.gpus >= job.gpuCount);
        if (!aWorkerFits) {
            return "NO_WORKER_FITS";
        }
        if (job.pool.gpus != null && job.pool.gpus - job.pool.gpusInUse < job.gpuCount) {
            return "CAPACITY";
        }
        return null;
    }

    /** What the worker holds, as it and the admins see it. */
    private void checkWorker(ModelWorker worker) {
        List<String> running = jobs.stream().filter(job -> job.isRunningOn(worker)).map(job -> job.id).toList();
        Response held = http.get("/api/v1/worker/jobs", worker.token);
        assertThat(held.status()).as("%s: %s", where, held.body()).isEqualTo(200);
        assertThat(held.json().valueStream().map(job -> job.get("id").asString()).toList())
            .as("%s: jobs held by %s", where, worker.name)
            .containsExactlyInAnyOrderElementsOf(running);
        JsonNode view = http.get("/api/v1/admin/workers/" + worker.id, admin).json();
        assertThat(view.get("runningJobs").asLong()).as("%s: runningJobs of %s", where, worker.name)
            .isEqualTo(running.size());
        assertThat(view.get("enabled").asBoolean()).as(where).isEqualTo(worker.enabled);
        assertThat(view.get("gpus").asInt()).as(where).isEqualTo(worker.gpus);
    }

    /** Every job a worker ran went to PROCESSING once, by that worker: no job was ever given twice. */
    private void eachRunWasClaimedOnce() {
        for (ModelJob job : jobs) {
            if (job.worker == null) {
                continue;
            }
            JsonNode history = http.get("/api/v1/jobs/" + job.id, admin).json().get("history");
            List<String> starts = history.valueStream()
                .filter(entry -> entry.get("status").asString().equals("PROCESSING"))
                .map(entry -> entry.get("by").asString())
                .collect(Collectors.toList());
            assertThat(starts).as("%s: the starts of job %s", where, job.id).containsExactly("worker:" + job.worker.name);
        }
    }
}
