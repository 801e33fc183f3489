package io.gaas.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.sun.net.httpserver.HttpServer;

import io.gaas.support.OpenApiContract.Exchange;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The checker behind every HTTP test: it must report a response that breaks the live document
 * (a null where none is allowed, an undocumented status, a missing header, a wrong media type),
 * pass one that follows it, and TestHttp must fail on what it reports.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiContractIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    OpenApiContract contract;
    TestHttp http;
    String token;
    TestHttp.Response submitted;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        contract = OpenApiContract.of("http://localhost:" + port);
        token = http.registerAndLogin(TestHttp.uniqueName("contract"));
        submitted = http.post("/api/v1/jobs", token, Map.of("name", "checked", "gpuHours", 1));
    }

    @Test
    void responseWhenItFollowsTheDocumentThenNothingIsReported() {
        assertThat(contract.responseViolations(jobCreated(submitted.body(), locationHeader()))).isEmpty();
    }

    @Test
    void responseWhenANonNullableFieldIsNullThenReported() {
        ObjectNode job = (ObjectNode) JSON.readTree(submitted.body());
        job.putNull("name");

        assertThat(contract.responseViolations(jobCreated(job.toString(), locationHeader())))
            .anySatisfy(violation -> assertThat(violation).contains("/name", "null"));
    }

    @Test
    void responseWhenARequiredFieldIsMissingOrAValueIsOutsideItsEnumThenReported() {
        ObjectNode job = (ObjectNode) JSON.readTree(submitted.body());
        job.remove("owner");
        job.put("status", "SLEEPING");
        job.put("id", "not-a-uuid");

        assertThat(contract.responseViolations(jobCreated(job.toString(), locationHeader())))
            .anySatisfy(violation -> assertThat(violation).contains("owner"))
            .anySatisfy(violation -> assertThat(violation).contains("/status"))
            .anySatisfy(violation -> assertThat(violation).contains("/id"));
    }

    @Test
    void responseWhenTheStatusIsUndocumentedThenReported() {
        Exchange teapot = new Exchange("GET", "/api/v1/users/me", Map.of(), null, null, 418,
                headers(Map.of("Content-Type", "application/problem+json")), "{}");

        assertThat(contract.responseViolations(teapot)).singleElement()
            .satisfies(violation -> assertThat(violation).contains("418", "not documented"));
    }

    @Test
    void responseWhenTheLocationHeaderIsMissingThenReported() {
        assertThat(contract.responseViolations(jobCreated(submitted.body(), Map.of())))
            .containsExactly("response: required header Location is missing");
    }

    @Test
    void responseWhenTheMediaTypeIsUndocumentedThenReported() {
        Exchange html = new Exchange("GET", "/api/v1/users/me", Map.of(), null, null, 200,
                headers(Map.of("Content-Type", "text/html")), "<p>hello</p>");

        assertThat(contract.responseViolations(html)).singleElement()
            .satisfies(violation -> assertThat(violation).contains("text/html"));
    }

    @Test
    void responseWhenAnUndocumentedOperationAnswersWithoutAProblemThenReported() {
        Exchange guessed = new Exchange("DELETE", "/api/v1/jobs/" + submitted.text("id"), Map.of(), null, null, 200,
                headers(Map.of("Content-Type", "application/json")), "{}");

        assertThat(contract.responseViolations(guessed)).isNotEmpty();
    }

    @Test
    void requestWhenItBreaksTheDocumentThenReportedAndOtherwiseNot() {
        Exchange badSize = listJobs("?size=0");
        Exchange goodSize = listJobs("?size=20&status=PENDING");
        Exchange badStatus = listJobs("?status=SLEEPING");
        Exchange noHours = new Exchange("POST", "/api/v1/jobs", Map.of(), "application/json", "{\"name\":\"x\"}",
                400, headers(Map.of()), "");

        assertThat(contract.requestViolations(badSize)).singleElement()
            .satisfies(violation -> assertThat(violation).contains("size"));
        assertThat(contract.requestViolations(badStatus)).singleElement()
            .satisfies(violation -> assertThat(violation).contains("status"));
        assertThat(contract.requestViolations(goodSize)).isEmpty();
        assertThat(contract.requestViolations(noHours)).singleElement()
            .satisfies(violation -> assertThat(violation).contains("gpuHours"));
    }

    @Test
    void testHttpWhenAServerBreaksTheDocumentThenTheTestFails() throws IOException {
        String document = JSON.writeValueAsString(contract.document());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = path.equals("/v3/api-docs") ? document
                    : "{\"type\":\"urn:gaas:problem:validation-failed\",\"title\":\"Validation failed\",\"status\":400,"
                            + "\"detail\":\"size: must be between 1 and 100\",\"instance\":\"" + path + "\","
                            + "\"code\":\"VALIDATION_FAILED\",\"errors\":[{\"field\":\"size\",\"message\":\"bad\"}]}";
            int status = path.equals("/v3/api-docs") ? 200 : path.equals("/api/v1/users/me") ? 200 : 400;
            if (path.equals("/api/v1/users/me")) {
                body = "{\"id\":null}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders()
                .set("Content-Type", status == 400 ? "application/problem+json" : "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            TestHttp fake = new TestHttp("http://127.0.0.1:" + server.getAddress().getPort());

            assertThatThrownBy(() -> fake.get("/api/v1/users/me", "token")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("GET /api/v1/users/me -> 200")
                .hasMessageContaining("/id");
            assertThatThrownBy(() -> fake.get("/api/v1/jobs?size=0", "token")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("request query parameter size");
            assertThat(fake.hostile().get("/api/v1/jobs?size=0", "token").status()).isEqualTo(400);
        }
        finally {
            server.stop(0);
        }
    }

    private Exchange listJobs(String query) {
        return new Exchange("GET", "/api/v1/jobs" + query, Map.of(), null, null, 200, headers(Map.of()), "");
    }

    private Map<String, String> locationHeader() {
        return Map.of("Location", submitted.header("Location"));
    }

    private Exchange jobCreated(String body, Map<String, String> extraHeaders) {
        Map<String, String> all = new java.util.HashMap<>(extraHeaders);
        all.put("Content-Type", "application/json");
        return new Exchange("POST", "/api/v1/jobs", Map.of(), "application/json",
                "{\"name\":\"checked\",\"gpuHours\":1}", 201, headers(all), body);
    }

    private static HttpHeaders headers(Map<String, String> values) {
        return HttpHeaders.of(values.entrySet().stream()
            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, entry -> List.of(entry.getValue()))),
                (name, value) -> true);
    }
}
