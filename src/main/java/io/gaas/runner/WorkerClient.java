package io.gaas.runner;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker protocol of the service ({@code /api/v1/worker/**}) over the JDK's HTTP client. Every
 * call either returns what the service answered or throws a {@link CallFailure} saying what kind of
 * failure it was; retrying is the caller's business, because only the caller knows what a retry
 * means for its job.
 */
final class WorkerClient implements AutoCloseable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX_DETAIL = 200;

    private final HttpClient http;
    private final URI server;
    private final String token;
    private final String userAgent;
    private final JsonMapper json = JsonMapper.builder().build();

    WorkerClient(URI server, String token, String version) {
        this.server = server;
        this.token = token;
        this.userAgent = "gaas-worker/" + version;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Asks for a job, waiting up to {@code waitSeconds} on the server. Interrupting the calling
     * thread abandons the request (that is how SIGTERM stops a long poll).
     */
    Optional<Claim> claim(int freeGpus, int waitSeconds) throws CallFailure, InterruptedException {
        Map<String, Object> body = Map.of("freeGpus", freeGpus, "waitSeconds", waitSeconds);
        HttpResponse<String> response = send(post("/api/v1/worker/claim", body,
                CALL_TIMEOUT.plusSeconds(waitSeconds)));
        if (response.statusCode() == 204) {
            return Optional.empty();
        }
        JsonNode answer = parse(response);
        return Optional.of(new Claim(job(answer.path("job")), Math.max(1, answer.path("heartbeatSeconds").asInt(20))));
    }

    /** Extends the job's lease; true when someone asked for the job to be stopped. */
    boolean heartbeat(String jobId) throws CallFailure, InterruptedException {
        HttpResponse<String> response = send(post("/api/v1/worker/jobs/" + jobId + "/heartbeat", Map.of(),
                CALL_TIMEOUT));
        return parse(response).path("stop").asBoolean(false);
    }

    /** Reports the end of a job. The service answers a repeat of the same finish with the same 200. */
    void finish(String jobId, Integer exitCode, double runSeconds, String output)
            throws CallFailure, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("exitCode", exitCode);
        body.put("runSeconds", runSeconds);
        body.put("output", output);
        send(post("/api/v1/worker/jobs/" + jobId + "/finish", body, CALL_TIMEOUT));
    }

    /** The jobs the service believes run on this worker (after a restart: the ones it lost). */
    List<ServerJob> heldJobs() throws CallFailure, InterruptedException {
        HttpRequest request = request("/api/v1/worker/jobs", CALL_TIMEOUT).GET().build();
        JsonNode answer = parse(send(request));
        if (!answer.isArray()) {
            throw new CallFailure(CallFailure.Kind.REJECTED, "the server's job list is not a JSON array", null);
        }
        List<ServerJob> jobs = new ArrayList<>();
        for (JsonNode node : answer.values()) {
            jobs.add(job(node));
        }
        return jobs;
    }

    private HttpRequest post(String path, Map<String, Object> body, Duration timeout) {
        return request(path, timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build();
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(server + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("User-Agent", userAgent)
                .header("Accept", "application/json");
    }

    private HttpResponse<String> send(HttpRequest request) throws CallFailure, InterruptedException {
        CompletableFuture<HttpResponse<String>> call = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> response;
        try {
            response = call.get();
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String what = cause == null ? "unknown error" : cause.getMessage() == null
                    ? cause.getClass().getSimpleName()
                    : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            throw new CallFailure(CallFailure.Kind.TRANSIENT, "cannot reach " + server + " (" + what + ")", null);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response;
        }
        String problem = problem(response);
        String message = request.method() + " " + request.uri().getPath() + " answered " + status + problem;
        if (status == 401 || status == 403) {
            throw new CallFailure(CallFailure.Kind.TOKEN_REFUSED, message, null);
        }
        if (status == 404 || status == 409 && problem.contains("LEASE_LOST")) {
            throw new CallFailure(CallFailure.Kind.LEASE_LOST, message, null);
        }
        if (status >= 500 || status == 429 || status == 408) {
            throw new CallFailure(CallFailure.Kind.TRANSIENT, message, retryAfter(response));
        }
        throw new CallFailure(CallFailure.Kind.REJECTED, message, null);
    }

    /** " (CODE: detail)" from a problem document, or "" when the body is not one. */
    private String problem(HttpResponse<String> response) {
        try {
            JsonNode body = json.readTree(response.body());
            String code = text(body.get("code"));
            String detail = text(body.get("detail"));
            if (code == null && detail == null) {
                return "";
            }
            String text = (code == null ? "" : code) + (code != null && detail != null ? ": " : "")
                    + (detail == null ? "" : detail);
            return " (" + (text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + "..." : text) + ")";
        } catch (JacksonException | IllegalArgumentException e) {
            return "";
        }
    }

    private static Duration retryAfter(HttpResponse<String> response) {
        return response.headers().firstValue("Retry-After")
                .filter(value -> value.matches("\\d{1,5}"))
                .map(value -> Duration.ofSeconds(Long.parseLong(value)))
                .orElse(null);
    }

    private JsonNode parse(HttpResponse<String> response) throws CallFailure {
        try {
            return json.readTree(response.body());
        } catch (JacksonException e) {
            throw new CallFailure(CallFailure.Kind.TRANSIENT,
                    response.request().uri().getPath() + " answered " + response.statusCode() + " with a body that is"
                            + " not JSON", null);
        }
    }

    private static ServerJob job(JsonNode node) throws CallFailure {
        String id = text(node.get("id"));
        if (id == null || !id.matches("[A-Za-z0-9-]{1,64}")) {
            throw new CallFailure(CallFailure.Kind.REJECTED, "the server sent a job without a usable id", null);
        }
        List<String> command = null;
        JsonNode commandNode = node.get("command");
        if (commandNode != null && commandNode.isArray()) {
            command = new ArrayList<>();
            for (JsonNode part : commandNode.values()) {
                command.add(part.isString() ? part.stringValue() : part.toString());
            }
        }
        JsonNode run = node.path("run");
        return new ServerJob(id, text(node.get("name")), command, Math.max(1, node.path("gpuCount").asInt(1)),
                node.path("timeLimitSeconds").asLong(0), instant(run.isObject() ? text(run.get("startedAt")) : null));
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.stringValue() : null;
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
