package io.gaas.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;

/** Pools, workers and jobs with commands, set up over HTTP as a lab would (pools by SQL). */
final class WorkerScenario {

    record CreatedWorker(String id, String name, String token) {
    }

    private final TestHttp http;
    private final String adminToken;

    WorkerScenario(TestHttp http, String adminToken) {
        this.http = http;
        this.adminToken = adminToken;
    }

    /** A pool of {@code gpus} GPUs (null: no limit) at weight {@code weight}. */
    static String pool(JdbcClient jdbc, Integer gpus, String weight) {
        String name = TestHttp.uniqueName("p").toLowerCase();
        jdbc.sql("""
                INSERT INTO pools (id, name, description, gpus, weight, auto_approve_hours, enabled, gpus_in_use,
                                   created_at, version)
                VALUES (:id, :name, NULL, :gpus, :weight, NULL, TRUE, 0, :at, 0)""")
            .param("id", UUID.randomUUID())
            .param("name", name)
            .param("gpus", gpus, java.sql.Types.INTEGER)
            .param("weight", new java.math.BigDecimal(weight))
            .param("at", Instant.parse("2026-01-01T00:00:00Z").atOffset(ZoneOffset.UTC))
            .update();
        return name;
    }

    CreatedWorker worker(String pool, int gpus) {
        String name = TestHttp.uniqueName("w").toLowerCase();
        Response created = http.post("/api/v1/admin/workers", adminToken, Map.of("name", name, "pool", pool, "gpus", gpus));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return new CreatedWorker(created.text("id"), name, created.text("token"));
    }

    /** A job with a command, submitted by the user and approved by the admin. */
    String approvedJob(String userToken, String pool, String gpuHours, int gpuCount) {
        String id = submit(userToken, pool, gpuHours, gpuCount);
        approve(id);
        return id;
    }

    String submit(String userToken, String pool, String gpuHours, int gpuCount) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "train");
        body.put("gpuHours", new java.math.BigDecimal(gpuHours));
        body.put("pool", pool);
        body.put("gpuCount", gpuCount);
        body.put("command", List.of("python", "train.py"));
        Response submitted = http.post("/api/v1/jobs", userToken, body);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        return submitted.text("id");
    }

    void approve(String jobId) {
        Response approved = http.patch("/api/v1/jobs/" + jobId + "/status", adminToken, Map.of("status", "APPROVED"));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    }

    Response claim(CreatedWorker worker, int freeGpus) {
        return http.post("/api/v1/worker/claim", worker.token(), Map.of("freeGpus", freeGpus, "waitSeconds", 0));
    }

    Response heartbeat(CreatedWorker worker, String jobId) {
        return http.post("/api/v1/worker/jobs/" + jobId + "/heartbeat", worker.token(), null);
    }

    Response finish(CreatedWorker worker, String jobId, Integer exitCode, String runSeconds, String output) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("exitCode", exitCode);
        body.put("runSeconds", new java.math.BigDecimal(runSeconds));
        body.put("output", output);
        return http.post("/api/v1/worker/jobs/" + jobId + "/finish", worker.token(), body);
    }

    Response job(String jobId) {
        return http.get("/api/v1/jobs/" + jobId, adminToken);
    }
}
