package io.gaas.worker;

import static io.gaas.support.Problems.assertProblem;
import static io.gaas.support.Problems.errorFields;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gaas.support.Accounts;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;
import io.gaas.worker.WorkerScenario.CreatedWorker;

/**
 * Hostile input against the worker endpoints and the workers' admin API: each row is one request
 * with the exact status and code it must get, after which the victim's running job, balance and
 * ledger, and the set of workers, are exactly as they were.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=hostileadmin", "gaas.admin.password=" + TestHttp.PASSWORD,
                "gaas.worker.lease=PT1H" })
class WorkerHostileInputIntegrationTests {

    enum Caller {
        WORKER, OTHER_WORKER, VICTIM, ADMIN
    }

    /** One hostile request. Placeholders: {job} the victim's job running on the worker, {approved} an APPROVED job. */
    record Hostile(String name, String method, String path, Caller caller, String contentType, String body, int status,
            String code, List<String> fields) {

        @Override
        public String toString() {
            return method + " " + path + " | " + name + " -> " + status + " " + code + (fields.isEmpty() ? "" : " " + fields);
        }
    }

    static Hostile row(String name, String method, String path, Caller caller, String body, int status, String code) {
        return new Hostile(name, method, path, caller, "application/json", body, status, code, List.of());
    }

    static Hostile invalid(String name, String method, String path, Caller caller, String body, String... fields) {
        return new Hostile(name, method, path, caller, "application/json", body, 400, "VALIDATION_FAILED",
                List.of(fields));
    }

    static Hostile malformed(String name, String method, String path, Caller caller, String body) {
        return row(name, method, path, caller, body, 400, "MALFORMED_REQUEST");
    }

    static final String CLAIM = "/api/v1/worker/claim";
    static final String FINISH = "/api/v1/worker/jobs/{job}/finish";
    static final String BEAT = "/api/v1/worker/jobs/{job}/heartbeat";

    static Stream<Hostile> cases() {
        String output32769 = "x".repeat(32769);
        return Stream.of(
                invalid("freeGpus 0", "POST", CLAIM, Caller.WORKER, "{\"freeGpus\": 0}", "freeGpus"),
                invalid("freeGpus above the worker's gpus", "POST", CLAIM, Caller.WORKER, "{\"freeGpus\": 3}", "freeGpus"),
                invalid("freeGpus negative", "POST", CLAIM, Caller.WORKER, "{\"freeGpus\": -1}", "freeGpus"),
                invalid("freeGpus missing", "POST", CLAIM, Caller.WORKER, "{\"waitSeconds\": 0}", "freeGpus"),
                invalid("waitSeconds 31", "POST", CLAIM, Caller.WORKER, "{\"freeGpus\": 1, \"waitSeconds\": 31}",
                        "waitSeconds"),
                invalid("waitSeconds negative", "POST", CLAIM, Caller.WORKER, "{\"freeGpus\": 1, \"waitSeconds\": -1}",
                        "waitSeconds"),
                malformed("freeGpus as text", "POST", CLAIM, Caller.WORKER, "{\"freeGpus\": \"1\"}"),
                malformed("freeGpus fractional", "POST", CLAIM, Caller.WORKER, "{\"freeGpus\": 1.5}"),
                malformed("claim body not JSON", "POST", CLAIM, Caller.WORKER, "{freeGpus: 1"),
                new Hostile("claim as text/plain", "POST", CLAIM, Caller.WORKER, "text/plain", "{\"freeGpus\": 1}", 415,
                        "UNSUPPORTED_MEDIA_TYPE", List.of()),
                invalid("runSeconds negative", "POST", FINISH, Caller.WORKER, "{\"exitCode\": 0, \"runSeconds\": -1}",
                        "runSeconds"),
                invalid("runSeconds missing", "POST", FINISH, Caller.WORKER, "{\"exitCode\": 0}", "runSeconds"),
                malformed("runSeconds as text", "POST", FINISH, Caller.WORKER, "{\"exitCode\": 0, \"runSeconds\": \"5\"}"),
                invalid("exitCode fractional", "POST", FINISH, Caller.WORKER, "{\"exitCode\": 3.5, \"runSeconds\": 1}",
                        "exitCode"),
                invalid("exitCode past int", "POST", FINISH, Caller.WORKER,
                        "{\"exitCode\": 99999999999, \"runSeconds\": 1}", "exitCode"),
                malformed("exitCode as text", "POST", FINISH, Caller.WORKER, "{\"exitCode\": \"0\", \"runSeconds\": 1}"),
                malformed("exitCode boolean", "POST", FINISH, Caller.WORKER, "{\"exitCode\": true, \"runSeconds\": 1}"),
                invalid("output over 32768 characters", "POST", FINISH, Caller.WORKER,
                        "{\"exitCode\": 0, \"runSeconds\": 1, \"output\": \"" + output32769 + "\"}", "output"),
                invalid("output with NUL", "POST", FINISH, Caller.WORKER,
                        "{\"exitCode\": 0, \"runSeconds\": 1, \"output\": \"a\\u0000b\"}", "output"),
                malformed("output a number", "POST", FINISH, Caller.WORKER,
                        "{\"exitCode\": 0, \"runSeconds\": 1, \"output\": 5}"),
                row("finish body over 256 KiB", "POST", FINISH, Caller.WORKER,
                        "{\"exitCode\": 0, \"runSeconds\": 1, \"output\": \"" + "x".repeat(300 * 1024) + "\"}", 413,
                        "PAYLOAD_TOO_LARGE"),
                row("claim body over 64 KiB", "POST", CLAIM, Caller.WORKER,
                        "{\"freeGpus\": 1, \"pad\": \"" + "x".repeat(70 * 1024) + "\"}", 413, "PAYLOAD_TOO_LARGE"),
                row("finish of another worker's job", "POST", FINISH, Caller.OTHER_WORKER,
                        "{\"exitCode\": 0, \"runSeconds\": 1}", 409, "LEASE_LOST"),
                row("heartbeat of another worker's job", "POST", BEAT, Caller.OTHER_WORKER, null, 409, "LEASE_LOST"),
                row("finish of an APPROVED job", "POST", "/api/v1/worker/jobs/{approved}/finish", Caller.WORKER,
                        "{\"exitCode\": 0, \"runSeconds\": 1}", 409, "LEASE_LOST"),
                row("finish of an unknown job", "POST", "/api/v1/worker/jobs/" + UUID.randomUUID() + "/finish",
                        Caller.WORKER, "{\"exitCode\": 0, \"runSeconds\": 1}", 404, "NOT_FOUND"),
                row("finish of a job id that is no id", "POST", "/api/v1/worker/jobs/nope/finish", Caller.WORKER,
                        "{\"exitCode\": 0, \"runSeconds\": 1}", 404, "NOT_FOUND"),
                row("user token on a worker endpoint", "POST", FINISH, Caller.VICTIM,
                        "{\"exitCode\": 0, \"runSeconds\": 1}", 403, "TOKEN_NOT_ALLOWED"),
                row("admin token on a worker endpoint", "POST", CLAIM, Caller.ADMIN, "{\"freeGpus\": 1}", 403,
                        "TOKEN_NOT_ALLOWED"),
                row("worker token on a user endpoint", "POST", "/api/v1/jobs/{job}/stop", Caller.WORKER, null, 403,
                        "TOKEN_NOT_ALLOWED"),
                row("worker token on an admin endpoint", "PATCH", "/api/v1/jobs/{job}/status", Caller.WORKER,
                        "{\"status\": \"COMPLETED\"}", 403, "TOKEN_NOT_ALLOWED"),
                invalid("worker name too short", "POST", "/api/v1/admin/workers", Caller.ADMIN,
                        "{\"name\": \"a\", \"pool\": \"default\", \"gpus\": 1}", "name"),
                invalid("worker name with a space", "POST", "/api/v1/admin/workers", Caller.ADMIN,
                        "{\"name\": \"a b\", \"pool\": \"default\", \"gpus\": 1}", "name"),
                invalid("worker name of 33", "POST", "/api/v1/admin/workers", Caller.ADMIN,
                        "{\"name\": \"" + "a".repeat(33) + "\", \"pool\": \"default\", \"gpus\": 1}", "name"),
                invalid("worker name not ASCII", "POST", "/api/v1/admin/workers", Caller.ADMIN,
                        "{\"name\": \"n\u00f6de\", \"pool\": \"default\", \"gpus\": 1}", "name"),
                invalid("worker name with NUL", "POST", "/api/v1/admin/workers", Caller.ADMIN,
                        "{\"name\": \"no\\u0000de\", \"pool\": \"default\", \"gpus\": 1}", "name"),
                invalid("unknown pool", "POST", "/api/v1/admin/workers", Caller.ADMIN,
                        "{\"name\": \"fresh-node\", \"pool\": \"nope\", \"gpus\": 1}", "pool"),
                invalid("pool with NUL", "POST", "/api/v1/admin/workers", Caller.ADMIN,
                        "{\"name\": \"fresh-node\", \"pool\": \"de\\u0000fault\", \"gpus\": 1}", "pool"),
                invalid("gpus 0", "POST", "/api/v1/admin/workers", Caller.ADMIN,
                        "{\"name\": \"fresh-node\", \"pool\": \"default\", \"gpus\": 0}", "gpus"),
                invalid("gpus 65", "POST", "/api/v1/admin/workers", Caller.ADMIN,
                        "{\"name\": \"fresh-node\", \"pool\": \"default\", \"gpus\": 65}", "gpus"),
                malformed("gpus as text", "POST", "/api/v1/admin/workers", Caller.ADMIN,
                        "{\"name\": \"fresh-node\", \"pool\": \"default\", \"gpus\": \"4\"}"),
                row("worker name taken in upper case", "POST", "/api/v1/admin/workers", Caller.ADMIN,
                        "{\"name\": \"{WORKERNAME}\", \"pool\": \"default\", \"gpus\": 1}", 409, "WORKER_NAME_TAKEN"),
                invalid("patch gpus 0", "PATCH", "/api/v1/admin/workers/{worker}", Caller.ADMIN, "{\"gpus\": 0}", "gpus"),
                malformed("patch enabled as text", "PATCH", "/api/v1/admin/workers/{worker}", Caller.ADMIN,
                        "{\"enabled\": \"no\"}"),
                row("workers as a user", "POST", "/api/v1/admin/workers", Caller.VICTIM,
                        "{\"name\": \"fresh-node\", \"pool\": \"default\", \"gpus\": 1}", 403, "FORBIDDEN"));
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;
    String adminToken;
    String victimToken;
    CreatedWorker worker;
    CreatedWorker otherWorker;
    String jobId;
    String approvedId;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        adminToken = http.login("hostileadmin");
        victimToken = http.registerAndLogin(TestHttp.uniqueName("victim"));
        WorkerScenario scenario = new WorkerScenario(http, adminToken);
        String pool = WorkerScenario.pool(jdbc, null, "1");
        worker = scenario.worker(pool, 2);
        otherWorker = scenario.worker(pool, 2);
        jobId = scenario.approvedJob(victimToken, pool, "2", 1);
        assertThat(scenario.claim(worker, 1).json().get("job").get("id").asString()).isEqualTo(jobId);
        approvedId = scenario.approvedJob(victimToken, WorkerScenario.pool(jdbc, null, "1"), "1", 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void workerEndpointsWhenInputIsHostileThenRefusedAndNothingChanges(Hostile hostile) {
        BigDecimal balance = Accounts.balance(http, victimToken);
        long ledger = Accounts.ledgerSize(http, victimToken);
        Response before = http.get("/api/v1/jobs/" + jobId, adminToken);
        long workers = jdbc.sql("SELECT COUNT(*) FROM workers").query(Long.class).single();
        String token = switch (hostile.caller()) {
            case WORKER -> worker.token();
            case OTHER_WORKER -> otherWorker.token();
            case VICTIM -> victimToken;
            case ADMIN -> adminToken;
        };
        String path = hostile.path().replace("{job}", jobId).replace("{approved}", approvedId)
            .replace("{worker}", worker.id());
        String body = hostile.body() == null ? null : hostile.body().replace("{WORKERNAME}", worker.name().toUpperCase());

        Response response = http.send(hostile.method(), path, token, body, hostile.contentType(), Map.of());

        assertProblem(response, hostile.status(), hostile.code());
        if (hostile.code().equals("VALIDATION_FAILED")) {
            assertThat(errorFields(response)).containsExactlyInAnyOrderElementsOf(hostile.fields());
        }
        assertThat(response.body()).doesNotContainIgnoringCase("exception").doesNotContain("at io.gaas");
        Response after = http.get("/api/v1/jobs/" + jobId, adminToken);
        assertThat(after.text("status")).isEqualTo("PROCESSING");
        assertThat(after.json().get("run")).isEqualTo(before.json().get("run"));
        assertThat(after.json().get("history")).isEqualTo(before.json().get("history"));
        assertThat(http.get("/api/v1/jobs/" + approvedId, adminToken).text("status")).isEqualTo("APPROVED");
        assertThat(Accounts.balance(http, victimToken)).isEqualByComparingTo(balance);
        assertThat(Accounts.ledgerSize(http, victimToken)).isEqualTo(ledger);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM workers").query(Long.class).single()).isEqualTo(workers);
        assertThat(http.get("/api/v1/admin/workers/" + worker.id(), adminToken).json().get("gpus").asInt()).isEqualTo(2);
    }

    @Test
    void claimWhenWorkerIsDisabledThen204AndNothingIsTaken() {
        http.patch("/api/v1/admin/workers/" + otherWorker.id(), adminToken, Map.of("enabled", false));
        String pool = jdbc.sql("SELECT p.name FROM pools p JOIN workers w ON w.pool_id = p.id WHERE w.id = :id")
            .param("id", UUID.fromString(otherWorker.id())).query(String.class).single();
        String waiting = new WorkerScenario(http, adminToken).approvedJob(victimToken, pool, "1", 1);

        Response claim = http.post("/api/v1/worker/claim", otherWorker.token(), Map.of("freeGpus", 2));

        assertThat(claim.status()).isEqualTo(204);
        assertThat(claim.body()).isEmpty();
        assertThat(http.get("/api/v1/jobs/" + waiting, adminToken).text("status")).isEqualTo("APPROVED");
    }
}
