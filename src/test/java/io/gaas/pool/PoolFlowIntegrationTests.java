package io.gaas.pool;

import static io.gaas.support.Problems.assertProblem;
import static io.gaas.support.Problems.errorFields;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.gaas.support.Accounts;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;
import tools.jackson.databind.JsonNode;

/**
 * Pools over real HTTP: administration, jobs priced at their pool's weight and settled with it,
 * auto-approval, the capacity of an admin's start, and the v1 answers of clients that name no pool.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=flowadmin", "gaas.admin.password=" + TestHttp.PASSWORD })
class PoolFlowIntegrationTests {

    @LocalServerPort
    int port;

    TestHttp http;

    String admin;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        admin = http.login(adminUsername());
    }

    String adminUsername() {
        return "flowadmin";
    }

    @Test
    void defaultPoolIsThereWithNoLimitWeightOneAndNoAutoApproval() {
        Response pool = http.get("/api/v1/pools/DEFAULT", http.registerAndLogin(TestHttp.uniqueName("u")));

        assertThat(pool.status()).as(pool.body()).isEqualTo(200);
        assertThat(pool.text("name")).isEqualTo("default");
        assertThat(pool.json().get("gpus").isNull()).isTrue();
        assertThat(pool.decimal("weight")).isEqualByComparingTo("1");
        assertThat(pool.json().get("autoApproveHours").isNull()).isTrue();
        assertThat(pool.json().get("enabled").asBoolean()).isTrue();
        assertThat(pool.json().get("description").isNull()).isTrue();
        assertThat(pool.json().has("gpusInUse")).isTrue();
        assertThat(pool.json().has("jobsWaiting")).isTrue();
        assertThat(pool.json().get("createdAt").isString()).isTrue();
    }

    @Test
    void createWhenAdminThen201WithLowerCaseNameAndTheSameNameInAnyCaseIsTaken() {
        String name = poolName();
        Response created = http.post("/api/v1/admin/pools", admin,
                Map.of("name", name.toUpperCase(), "gpus", 8, "weight", 2.0, "description", "eight A100"));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/pools/" + name);
        assertThat(created.text("name")).isEqualTo(name);
        assertThat(created.json().get("gpus").asInt()).isEqualTo(8);
        assertThat(created.decimal("weight")).isEqualByComparingTo("2");
        assertThat(created.json().get("autoApproveHours").isNull()).isTrue();
        assertThat(created.json().get("enabled").asBoolean()).isTrue();
        assertThat(created.json().get("gpusInUse").asInt()).isZero();
        assertThat(created.json().get("jobsWaiting").asLong()).isZero();
        assertThat(http.get("/api/v1/pools/" + name, admin).json()).isEqualTo(created.json());

        assertProblem(http.post("/api/v1/admin/pools", admin, Map.of("name", name)), 409, "POOL_NAME_TAKEN");
        assertProblem(http.post("/api/v1/admin/pools", admin, Map.of("name", name.toUpperCase())), 409,
                "POOL_NAME_TAKEN");
    }

    @Test
    void createWithOnlyANameThenWeightOneAndNoLimit() {
        Response created = http.post("/api/v1/admin/pools", admin, Map.of("name", poolName()));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.decimal("weight")).isEqualByComparingTo("1");
        assertThat(created.json().get("gpus").isNull()).isTrue();
    }

    @Test
    void poolAdministrationWhenUserThen403AndListingWhenUserThen200() {
        String user = http.registerAndLogin(TestHttp.uniqueName("u"));

        assertProblem(http.post("/api/v1/admin/pools", user, Map.of("name", poolName())), 403, "FORBIDDEN");
        assertProblem(http.patch("/api/v1/admin/pools/default", user, Map.of("enabled", false)), 403, "FORBIDDEN");
        assertThat(http.get("/api/v1/pools", user).status()).isEqualTo(200);
        assertProblem(http.get("/api/v1/pools", null), 401, "UNAUTHENTICATED");
    }

    @Test
    void listIsPagedAndOrderedByName() {
        String prefix = "l" + TestHttp.uniqueName("p").substring(2, 10);
        for (String suffix : List.of("c", "a", "b")) {
            assertThat(http.post("/api/v1/admin/pools", admin, Map.of("name", prefix + suffix)).status()).isEqualTo(201);
        }

        List<String> names = allPoolNames();

        assertThat(names).isSorted();
        assertThat(names).containsSubsequence(prefix + "a", prefix + "b", prefix + "c");
        Response page = http.get("/api/v1/pools?size=1&page=0", admin);
        assertThat(page.json().get("page").get("size").asInt()).isEqualTo(1);
        assertThat(page.json().get("content")).hasSize(1);
        assertProblem(http.get("/api/v1/pools?size=101", admin), 400, "VALIDATION_FAILED");
    }

    @Test
    void getWhenNoSuchPoolOrNotAPoolNameThen404() {
        assertProblem(http.get("/api/v1/pools/" + poolName(), admin), 404, "NOT_FOUND");
        assertProblem(http.get("/api/v1/pools/no%20such", admin), 404, "NOT_FOUND");
        assertProblem(http.patch("/api/v1/admin/pools/" + poolName(), admin, Map.of("gpus", 1)), 404, "NOT_FOUND");
    }

    @Test
    void patchChangesWhatIsSentClearsWhatIsNullAndLeavesTheRest() {
        String name = createPool(Map.of("gpus", 8, "weight", 2, "description", "rack 3", "autoApproveHours", 1));

        Response cleared = http.patch("/api/v1/admin/pools/" + name.toUpperCase(), admin,
                "{\"gpus\": null, \"description\": null}");
        assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
        assertThat(cleared.json().get("gpus").isNull()).isTrue();
        assertThat(cleared.json().get("description").isNull()).isTrue();
        assertThat(cleared.decimal("weight")).isEqualByComparingTo("2");
        assertThat(cleared.decimal("autoApproveHours")).isEqualByComparingTo("1");

        Response changed = http.patch("/api/v1/admin/pools/" + name, admin,
                Map.of("weight", 0.5, "enabled", false, "gpus", 4));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.decimal("weight")).isEqualByComparingTo("0.5");
        assertThat(changed.json().get("enabled").asBoolean()).isFalse();
        assertThat(changed.json().get("gpus").asInt()).isEqualTo(4);
        assertThat(changed.decimal("autoApproveHours")).isEqualByComparingTo("1");

        Response unchanged = http.patch("/api/v1/admin/pools/" + name, admin, "{}");
        assertThat(unchanged.status()).isEqualTo(200);
        assertThat(unchanged.json()).isEqualTo(changed.json());
    }

    @Test
    void patchWhenAFieldBreaksItsRuleThen400NamingItAndNothingChanges() {
        String name = createPool(Map.of("gpus", 8));
        JsonNode before = http.get("/api/v1/pools/" + name, admin).json();

        for (String body : List.of("{\"gpus\": 0}", "{\"gpus\": 100001}", "{\"weight\": 0}", "{\"weight\": 2.505}",
                "{\"weight\": 100.01}", "{\"weight\": null}", "{\"enabled\": null}", "{\"autoApproveHours\": -1}",
                "{\"autoApproveHours\": 0.001}", "{\"name\": \"other\"}")) {
            Response refused = http.patch("/api/v1/admin/pools/" + name, admin, body);
            assertProblem(refused, 400, "VALIDATION_FAILED");
            String field = body.substring(2, body.indexOf('"', 2));
            assertThat(errorFields(refused)).as(body).containsExactly(field);
        }
        for (String body : List.of("{\"gpus\": \"8\"}", "{\"weight\": \"2\"}", "{\"enabled\": 1}", "{\"gpus\": 1.5}")) {
            assertProblem(http.patch("/api/v1/admin/pools/" + name, admin, body), 400, "MALFORMED_REQUEST");
        }

        assertThat(http.get("/api/v1/pools/" + name, admin).json()).isEqualTo(before);
    }

    @Test
    void jobInAWeightedPoolIsChargedRoundedUpAndSettledWithItsWeight() {
        String pool = createPool(Map.of("gpus", 4, "weight", 2.5));
        String owner = http.registerAndLogin(TestHttp.uniqueName("w"));

        Response job = submit(owner, Map.of("name", "train", "gpuHours", 1.01, "pool", pool.toUpperCase(),
                "gpuCount", 2, "command", List.of("python", "train.py")));

        assertThat(job.status()).as(job.body()).isEqualTo(201);
        assertThat(job.text("pool")).isEqualTo(pool);
        assertThat(job.json().get("gpuCount").asInt()).isEqualTo(2);
        assertThat(job.decimal("weight")).isEqualByComparingTo("2.5");
        assertThat(job.decimal("chargedHours")).isEqualByComparingTo("2.53"); // 2.525 rounded up
        assertThat(job.json().get("timeLimitSeconds").asLong()).isEqualTo(1818); // 1.01 / 2 hours
        assertThat(job.json().get("command").valueStream().map(JsonNode::asString)).containsExactly("python",
                "train.py");
        assertThat(Accounts.balance(http, owner)).isEqualByComparingTo("7.47");

        String id = job.text("id");
        move(id, "APPROVED");
        move(id, "PROCESSING");
        Response completed = http.patch("/api/v1/jobs/" + id + "/status", admin,
                Map.of("status", "COMPLETED", "usedHours", 0.33));

        assertThat(completed.status()).as(completed.body()).isEqualTo(200);
        assertThat(completed.decimal("usedHours")).isEqualByComparingTo("0.33");
        assertThat(completed.decimal("chargedHours")).isEqualByComparingTo("0.83"); // 0.825 rounded up
        assertThat(Accounts.balance(http, owner)).isEqualByComparingTo("9.17");
        List<JsonNode> ledger = Accounts.ledger(http, owner);
        assertThat(ledger).extracting(entry -> entry.get("kind").asString())
            .containsExactly("INITIAL_GRANT", "JOB_CHARGE", "JOB_REFUND");
        assertThat(ledger.get(1).get("deltaHours").decimalValue()).isEqualByComparingTo("-2.53");
        assertThat(ledger.get(2).get("deltaHours").decimalValue()).isEqualByComparingTo("1.70");
        assertThat(http.get("/api/v1/jobs/" + id, owner).json().get("command")).isEqualTo(job.json().get("command"));
    }

    @Test
    void aNewWeightAppliesToJobsSubmittedAfterwardsOnly() {
        String pool = createPool(Map.of("weight", 2));
        String owner = http.registerAndLogin(TestHttp.uniqueName("w"));
        String before = submit(owner, Map.of("name", "a", "gpuHours", 1, "pool", pool)).text("id");

        http.patch("/api/v1/admin/pools/" + pool, admin, Map.of("weight", 3));
        Response after = submit(owner, Map.of("name", "b", "gpuHours", 1, "pool", pool));

        assertThat(after.decimal("chargedHours")).isEqualByComparingTo("3");
        move(before, "APPROVED");
        move(before, "PROCESSING");
        Response settled = http.patch("/api/v1/jobs/" + before + "/status", admin,
                Map.of("status", "FAILED", "usedHours", 0.5));
        assertThat(settled.decimal("weight")).isEqualByComparingTo("2");
        assertThat(settled.decimal("chargedHours")).isEqualByComparingTo("1");
        assertThat(Accounts.balance(http, owner)).isEqualByComparingTo("6"); // 10 - 1 - 3
    }

    @Test
    void rejectedAndCancelledJobsGiveEverythingBackAndHoldNothing() {
        String pool = createPool(Map.of("weight", 1.5));
        String owner = http.registerAndLogin(TestHttp.uniqueName("w"));
        String rejected = submit(owner, Map.of("name", "a", "gpuHours", 1, "pool", pool)).text("id");
        String cancelled = submit(owner, Map.of("name", "b", "gpuHours", 1, "pool", pool)).text("id");
        assertThat(Accounts.balance(http, owner)).isEqualByComparingTo("7");

        Response r = http.patch("/api/v1/jobs/" + rejected + "/status", admin, Map.of("status", "REJECTED"));
        Response c = http.post("/api/v1/jobs/" + cancelled + "/cancel", owner, null);

        assertThat(r.decimal("chargedHours")).isEqualByComparingTo("0");
        assertThat(r.decimal("usedHours")).isEqualByComparingTo("0");
        assertThat(c.decimal("chargedHours")).isEqualByComparingTo("0");
        assertThat(Accounts.balance(http, owner)).isEqualByComparingTo("10");
    }

    @Test
    void autoApprovalWhenTheChargeIsWithinThePoolsLimitThenApprovedBySystem() {
        String pool = createPool(Map.of("weight", 2, "autoApproveHours", 2));
        String ownerName = TestHttp.uniqueName("w");
        String owner = http.registerAndLogin(ownerName);

        Response small = submit(owner, Map.of("name", "small", "gpuHours", 1, "pool", pool));
        Response large = submit(owner, Map.of("name", "large", "gpuHours", 1.01, "pool", pool));

        assertThat(small.text("status")).isEqualTo("APPROVED");
        JsonNode history = http.get("/api/v1/jobs/" + small.text("id"), owner).json().get("history");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("status").asString()).isEqualTo("PENDING");
        assertThat(history.get(0).get("by").asString()).isEqualTo(ownerName);
        assertThat(history.get(1).get("status").asString()).isEqualTo("APPROVED");
        assertThat(history.get(1).get("by").asString()).isEqualTo("system");
        assertThat(history.get(1).get("reason").asString()).isEqualTo("auto-approved");
        assertThat(history.get(1).get("at")).isEqualTo(history.get(0).get("at"));
        assertThat(large.text("status")).isEqualTo("PENDING");
        assertThat(http.get("/api/v1/pools/" + pool, owner).json().get("jobsWaiting").asLong()).isEqualTo(1);
    }

    @Test
    void startingAJobTakesItsGpusAndAFullPoolRefusesTheNextUntilOneEnds() {
        String pool = createPool(Map.of("gpus", 3));
        String owner = http.registerAndLogin(TestHttp.uniqueName("w"));
        String big = approved(owner, pool, 2);
        String second = approved(owner, pool, 2);

        move(big, "PROCESSING");
        Response refused = http.patch("/api/v1/jobs/" + second + "/status", admin, Map.of("status", "PROCESSING"));

        assertProblem(refused, 409, "POOL_AT_CAPACITY");
        assertThat(http.get("/api/v1/jobs/" + second, owner).text("status")).isEqualTo("APPROVED");
        Response full = http.get("/api/v1/pools/" + pool, owner);
        assertThat(full.json().get("gpusInUse").asInt()).isEqualTo(2);
        assertThat(full.json().get("jobsWaiting").asLong()).isEqualTo(1);

        move(big, "COMPLETED");
        assertThat(http.get("/api/v1/pools/" + pool, owner).json().get("gpusInUse").asInt()).isZero();
        move(second, "PROCESSING");
        assertThat(http.get("/api/v1/pools/" + pool, owner).json().get("gpusInUse").asInt()).isEqualTo(2);
    }

    @Test
    void loweringGpusBelowWhatIsInUseIsAllowedAndStopsNewStartsOnly() {
        String pool = createPool(Map.of("gpus", 4));
        String owner = http.registerAndLogin(TestHttp.uniqueName("w"));
        String running = approved(owner, pool, 3);
        String waiting = approved(owner, pool, 1);
        move(running, "PROCESSING");

        Response lowered = http.patch("/api/v1/admin/pools/" + pool, admin, Map.of("gpus", 1));

        assertThat(lowered.status()).isEqualTo(200);
        assertThat(lowered.json().get("gpusInUse").asInt()).isEqualTo(3);
        assertProblem(http.patch("/api/v1/jobs/" + waiting + "/status", admin, Map.of("status", "PROCESSING")), 409,
                "POOL_AT_CAPACITY");
        move(running, "FAILED");
        move(waiting, "PROCESSING");
        assertThat(http.get("/api/v1/pools/" + pool, admin).json().get("gpusInUse").asInt()).isEqualTo(1);
    }

    @Test
    void submitWhenThePoolRefusesTheJobThenTheRightProblemAndNothingCharged() {
        String pool = createPool(Map.of("gpus", 2));
        String owner = http.registerAndLogin(TestHttp.uniqueName("w"));

        Response tooManyGpus = submit(owner, Map.of("name", "a", "gpuHours", 3, "pool", pool, "gpuCount", 3));
        Response noSuchPool = submit(owner, Map.of("name", "a", "gpuHours", 1, "pool", poolName()));
        Response notAName = submit(owner, Map.of("name", "a", "gpuHours", 1, "pool", "no such pool"));
        Response tooFewHours = submit(owner, Map.of("name", "a", "gpuHours", 0.01, "pool", pool, "gpuCount", 2));
        http.patch("/api/v1/admin/pools/" + pool, admin, Map.of("enabled", false));
        Response disabled = submit(owner, Map.of("name", "a", "gpuHours", 1, "pool", pool));

        assertProblem(tooManyGpus, 400, "VALIDATION_FAILED");
        assertThat(errorFields(tooManyGpus)).containsExactly("gpuCount");
        assertProblem(noSuchPool, 400, "VALIDATION_FAILED");
        assertThat(errorFields(noSuchPool)).containsExactly("pool");
        assertThat(errorFields(notAName)).containsExactly("pool");
        assertProblem(tooFewHours, 400, "VALIDATION_FAILED");
        assertThat(errorFields(tooFewHours)).containsExactly("gpuHours");
        assertProblem(disabled, 409, "POOL_DISABLED");
        assertThat(Accounts.balance(http, owner)).isEqualByComparingTo("10");
        assertThat(Accounts.ledgerSize(http, owner)).isEqualTo(1);
    }

    @Test
    void insufficientQuotaCountsTheWeightedCharge() {
        String pool = createPool(Map.of("weight", 3));
        String owner = http.registerAndLogin(TestHttp.uniqueName("w"));

        Response refused = submit(owner, Map.of("name", "a", "gpuHours", 3.34, "pool", pool));

        assertProblem(refused, 400, "INSUFFICIENT_QUOTA");
        assertThat(refused.decimal("requested")).isEqualByComparingTo("10.02");
        assertThat(refused.decimal("remaining")).isEqualByComparingTo("10");
        assertThat(submit(owner, Map.of("name", "a", "gpuHours", 3.33, "pool", pool)).status()).isEqualTo(201);
        assertThat(Accounts.balance(http, owner)).isEqualByComparingTo("0.01");
    }

    @Test
    void aV1SubmissionGoesToTheDefaultPoolAtWeightOne() {
        String owner = http.registerAndLogin(TestHttp.uniqueName("v"));

        Response job = submit(owner, Map.of("name", "train", "gpuHours", 2.5));

        assertThat(job.status()).isEqualTo(201);
        assertThat(job.text("status")).isEqualTo("PENDING");
        assertThat(job.text("pool")).isEqualTo("default");
        assertThat(job.json().get("gpuCount").asInt()).isEqualTo(1);
        assertThat(job.decimal("weight")).isEqualByComparingTo("1");
        assertThat(job.decimal("chargedHours")).isEqualByComparingTo("2.5");
        assertThat(job.json().get("command").isNull()).isTrue();
        assertThat(job.json().get("timeLimitSeconds").asLong()).isEqualTo(9000);
        assertThat(Accounts.balance(http, owner)).isEqualByComparingTo("7.5");
    }

    @Test
    void listFilteredByPoolShowsOnlyThatPoolsJobsAndAnUnknownPoolIs400() {
        String pool = createPool(Map.of());
        String owner = http.registerAndLogin(TestHttp.uniqueName("f"));
        String inPool = submit(owner, Map.of("name", "a", "gpuHours", 1, "pool", pool)).text("id");
        submit(owner, Map.of("name", "b", "gpuHours", 1));

        Response filtered = http.get("/api/v1/jobs?pool=" + pool.toUpperCase(), owner);
        Response unknown = http.get("/api/v1/jobs?pool=" + poolName(), owner);

        assertThat(filtered.status()).isEqualTo(200);
        assertThat(filtered.json().get("content").valueStream().map(job -> job.get("id").asString()))
            .containsExactly(inPool);
        assertThat(filtered.json().get("content").get(0).get("pool").asString()).isEqualTo(pool);
        assertProblem(unknown, 400, "VALIDATION_FAILED");
        assertThat(errorFields(unknown)).containsExactly("pool");
        assertProblem(http.get("/api/v1/jobs?pool=a%00b", owner), 400, "VALIDATION_FAILED");
    }

    @Test
    void idempotentReplayWhenThePoolFieldsDifferThen422() {
        String pool = createPool(Map.of());
        String owner = http.registerAndLogin(TestHttp.uniqueName("i"));
        Map<String, String> key = Map.of("Idempotency-Key", "k-" + pool);

        Response first = http.post("/api/v1/jobs", owner, Map.of("name", "a", "gpuHours", 1, "pool", pool), key);
        Response replay = http.post("/api/v1/jobs", owner, Map.of("name", "a", "gpuHours", 1, "pool", pool), key);
        Response otherCount = http.post("/api/v1/jobs", owner,
                Map.of("name", "a", "gpuHours", 1, "pool", pool, "gpuCount", 2), key);
        Response otherCommand = http.post("/api/v1/jobs", owner,
                Map.of("name", "a", "gpuHours", 1, "pool", pool, "command", List.of("x")), key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.text("id")).isEqualTo(first.text("id"));
        assertProblem(otherCount, 422, "IDEMPOTENCY_KEY_REUSED");
        assertProblem(otherCommand, 422, "IDEMPOTENCY_KEY_REUSED");
        assertThat(Accounts.balance(http, owner)).isEqualByComparingTo("9");
    }

    private List<String> allPoolNames() {
        List<String> names = new java.util.ArrayList<>();
        for (int page = 0;; page++) {
            Response response = http.get("/api/v1/pools?size=100&page=" + page, admin);
            response.json().get("content").valueStream().forEach(pool -> names.add(pool.get("name").asString()));
            if (page + 1 >= response.json().get("page").get("totalPages").asInt()) {
                return names;
            }
        }
    }

    private String approved(String owner, String pool, int gpuCount) {
        String id = submit(owner, Map.of("name", "j", "gpuHours", gpuCount, "pool", pool, "gpuCount", gpuCount))
            .text("id");
        move(id, "APPROVED");
        return id;
    }

    private void move(String jobId, String status) {
        Response moved = http.patch("/api/v1/jobs/" + jobId + "/status", admin, Map.of("status", status));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    }

    private Response submit(String token, Map<String, Object> body) {
        return http.post("/api/v1/jobs", token, body);
    }

    private String createPool(Map<String, Object> fields) {
        String name = poolName();
        Map<String, Object> body = new HashMap<>(fields);
        body.put("name", name);
        Response created = http.post("/api/v1/admin/pools", admin, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return name;
    }

    static String poolName() {
        return TestHttp.uniqueName("p").toLowerCase();
    }
}
