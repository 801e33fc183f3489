package io.gaas.support;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for tests that talk to a running service over real HTTP: raw bodies in,
 * parsed JSON out, and shortcuts for registering and logging in.
 *
 * <p>Every exchange is checked against the server's own OpenAPI document ({@link OpenApiContract}):
 * a response that breaks it fails the test, and so does a request that breaks it, except from the
 * client returned by {@link #hostile()}, whose requests are meant to.
 */
public final class TestHttp {

    public record Response(int status, java.net.http.HttpHeaders headers, String body, JsonNode json) {

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String code() {
            return json == null || json.get("code") == null ? null : json.get("code").asString();
        }

        public String text(String field) {
            return json.get(field).asString();
        }

        public BigDecimal decimal(String field) {
            return json.get(field).decimalValue();
        }
    }

    public static final String PASSWORD = "correct horse battery";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final boolean requestsFollowTheDocument;

    public TestHttp(int port) {
        this("http://localhost:" + port);
    }

    public TestHttp(String baseUrl) {
        this(baseUrl, true);
    }

    private TestHttp(String baseUrl, boolean requestsFollowTheDocument) {
        this.baseUrl = baseUrl;
        this.requestsFollowTheDocument = requestsFollowTheDocument;
    }

    /**
     * A client for requests that break the document on purpose (hostile input): only their
     * responses are checked against it.
     */
    public TestHttp hostile() {
        return new TestHttp(baseUrl, false);
    }

    public static String uniqueName(String prefix) {
        return (prefix + "_" + UUID.randomUUID().toString().replace("-", "")).substring(0, Math.min(32,
                prefix.length() + 13));
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, null, Map.of());
    }

    public Response post(String path, String token, Object body) {
        return send("POST", path, token, body == null ? null : body instanceof String s ? s : json(body),
                "application/json", Map.of());
    }

    public Response post(String path, String token, Object body, Map<String, String> headers) {
        return send("POST", path, token, body instanceof String s ? s : json(body), "application/json", headers);
    }

    public Response patch(String path, String token, Object body) {
        return send("PATCH", path, token, body instanceof String s ? s : json(body), "application/json", Map.of());
    }

    public Response delete(String path, String token) {
        return send("DELETE", path, token, null, null, Map.of());
    }

    public Response postForm(String path, String form) {
        return send("POST", path, null, form, "application/x-www-form-urlencoded", Map.of());
    }

    public Response send(String method, String path, String token, String body, String contentType,
            Map<String, String> headers) {
        return send(method, path, token, body, contentType, headers, false, false);
    }

    /** Sends the body without a Content-Length (chunked), so only a limit applied while reading can stop it. */
    public Response sendStreamed(String method, String path, String token, String body, String contentType) {
        return send(method, path, token, body, contentType, Map.of(), true, false);
    }

    /**
     * Sends each character of the body as one byte (ISO-8859-1), so a body can hold what is not
     * UTF-8; chunked or with a Content-Length.
     */
    public Response sendBytes(String method, String path, String token, String body, String contentType,
            boolean streamed) {
        return send(method, path, token, body, contentType, Map.of(), streamed, true);
    }

    private Response send(String method, String path, String token, String body, String contentType,
            Map<String, String> headers, boolean streamed, boolean rawBytes) {
        HttpRequest.BodyPublisher content = body == null ? HttpRequest.BodyPublishers.noBody()
                : rawBytes ? HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.ISO_8859_1))
                        : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest.BodyPublisher publisher = streamed && body != null
                ? HttpRequest.BodyPublishers.fromPublisher(content) : content;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, publisher);
        if (streamed) {
            request.version(HttpClient.Version.HTTP_1_1);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null && body != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            String contentTypeHeader = response.headers().firstValue("Content-Type").orElse("");
            if (contentTypeHeader.contains("json") && !response.body().isEmpty()) {
                json = JSON.readTree(response.body());
            }
            checkAgainstTheDocument(new OpenApiContract.Exchange(method, path, headers,
                    body == null ? null : contentType, body, response.statusCode(), response.headers(),
                    response.body()));
            return new Response(response.statusCode(), response.headers(), response.body(), json);
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void checkAgainstTheDocument(OpenApiContract.Exchange exchange) {
        OpenApiContract contract = OpenApiContract.of(baseUrl);
        List<String> violations = new ArrayList<>();
        if (requestsFollowTheDocument) {
            violations.addAll(contract.requestViolations(exchange));
        }
        violations.addAll(contract.responseViolations(exchange));
        if (!violations.isEmpty()) {
            String body = exchange.responseBody();
            throw new AssertionError(exchange + " breaks the service's OpenAPI document (/v3/api-docs):\n  "
                    + String.join("\n  ", violations) + "\n  response body: "
                    + (body.length() > 500 ? body.substring(0, 500) + "..." : body));
        }
    }

    /** Registers a user with {@link #PASSWORD} and returns its id. */
    public String register(String username) {
        Response response = post("/api/v1/auth/register", null, Map.of("username", username, "password", PASSWORD));
        if (response.status() != 201) {
            throw new IllegalStateException("register " + username + ": " + response.status() + " " + response.body());
        }
        return response.text("id");
    }

    public String login(String username, String password) {
        Response response = post("/api/v1/auth/login", null, Map.of("username", username, "password", password));
        if (response.status() != 200) {
            throw new IllegalStateException("login " + username + ": " + response.status() + " " + response.body());
        }
        return response.text("accessToken");
    }

    public String login(String username) {
        return login(username, PASSWORD);
    }

    /** Registers a new user and returns a token for it. */
    public String registerAndLogin(String username) {
        register(username);
        return login(username);
    }
}
