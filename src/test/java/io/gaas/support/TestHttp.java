package io.gaas.support;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for tests that talk to a running service over real HTTP: raw bodies in,
 * parsed JSON out, and shortcuts for registering and logging in.
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

    public TestHttp(int port) {
        this("http://localhost:" + port);
    }

    public TestHttp(String baseUrl) {
        this.baseUrl = baseUrl;
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

    public Response postForm(String path, String form) {
        return send("POST", path, null, form, "application/x-www-form-urlencoded", Map.of());
    }

    public Response send(String method, String path, String token, String body, String contentType,
            Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
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
