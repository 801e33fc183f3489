package io.gaas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;

/** The public operational surface: health probes, metrics, and the documentation entry points. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperationsIntegrationTests {

    @LocalServerPort
    int port;

    TestHttp http;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
    }

    @Test
    void healthWhenAskedWithoutTokenThenLivenessAndReadinessAreUp() {
        for (String path : new String[] { "/actuator/health", "/actuator/health/liveness",
                "/actuator/health/readiness", "/livez", "/readyz" }) {
            Response health = http.get(path, null);
            assertThat(health.status()).as(path).isEqualTo(200);
            assertThat(health.text("status")).as(path).isEqualTo("UP");
        }
    }

    @Test
    void prometheusWhenJobsAndFailedLoginsHappenedThenBusinessCountersAreExported() {
        String token = http.registerAndLogin(TestHttp.uniqueName("metric"));
        http.post("/api/v1/jobs", token, Map.of("name", "counted", "gpuHours", 1));
        http.post("/api/v1/jobs", token, Map.of("name", "refused", "gpuHours", 100));
        http.post("/api/v1/auth/login", null, Map.of("username", "nobody-here", "password", "wrong password"));

        Response metrics = http.get("/actuator/prometheus", null);

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("gaas_jobs_submitted_total", "gaas_quota_hours_charged_total",
                "gaas_quota_rejections_total", "gaas_logins_failed_total{reason=\"bad_credentials\"}",
                "http_server_requests_seconds", "hikaricp_connections");
        // Per-filter security observations cost every request a wrapper per filter; they are off.
        assertThat(metrics.body()).doesNotContain("spring_security_filterchains", "spring_security_authorizations");
    }

    @Test
    void actuatorWhenOtherEndpointIsAskedWithoutTokenThenUnauthenticated() {
        Response env = http.get("/actuator/env", null);

        assertThat(env.status()).isEqualTo(401);
        assertThat(env.code()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void docsWhenOpenedThenRedirectsToSwaggerUiWithARelativeLocation() {
        Response docs = http.get("/docs", null);

        assertThat(docs.status()).isEqualTo(302);
        assertThat(docs.header("Location")).isEqualTo("/swagger-ui/index.html");
        assertThat(http.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
    }

    @Test
    void redocWhenOpenedThenPageAndScriptComeFromTheServiceItself() {
        Response page = http.get("/redoc", null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("src=\"/webjars/redoc/redoc.standalone.js\"", "spec-url=\"/v3/api-docs\"")
            .doesNotContain("http://", "https://");
        assertThat(http.get("/webjars/redoc/redoc.standalone.js", null).status()).isEqualTo(200);
    }

    @Test
    void apiDocsWhenFetchedThenDescribeEveryEndpointAndBothSecuritySchemes() {
        Response docs = http.get("/v3/api-docs", null);

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").propertyNames()).contains("/api/v1/auth/register", "/api/v1/auth/login",
                "/api/v1/auth/token", "/api/v1/auth/logout", "/api/v1/users/me", "/api/v1/users/me/password",
                "/api/v1/users/me/ledger", "/api/v1/jobs", "/api/v1/jobs/{id}", "/api/v1/jobs/{id}/cancel",
                "/api/v1/jobs/{id}/status", "/api/v1/admin/users", "/api/v1/admin/users/{id}",
                "/api/v1/admin/users/{id}/ledger", "/api/v1/admin/users/{id}/quota-adjustments",
                "/api/v1/users/me/tokens", "/api/v1/users/me/tokens/{id}", "/api/v1/admin/users/{id}/tokens",
                "/api/v1/admin/users/{id}/tokens/{tokenId}");
        assertThat(docs.json().get("components").get("schemas").get("Problem").get("properties").propertyNames())
            .contains("type", "title", "status", "detail", "instance", "code", "errors");
        var schemes = docs.json().get("components").get("securitySchemes");
        assertThat(schemes.get("bearer").get("scheme").asString()).isEqualTo("bearer");
        assertThat(schemes.get("personalToken").get("scheme").asString()).isEqualTo("bearer");
        assertThat(schemes.get("oauth2").get("flows").get("password").get("tokenUrl").asString())
            .isEqualTo("/api/v1/auth/token");
        assertThat(docs.json().get("tags").valueStream().map(tag -> tag.get("name").asString()))
            .containsExactly("Auth", "Users", "Jobs", "Tokens", "Admin", "Pools", "Projects", "Workers", "Worker protocol", "Webhooks",
                    "Reports");
    }

    @Test
    void apiDocsWhenFetchedThenDescribeThePoolOperationsWithTheirErrors() {
        var docs = http.get("/v3/api-docs", null).json();
        var paths = docs.get("paths");

        var create = paths.get("/api/v1/admin/pools").get("post").get("responses");
        assertThat(create.propertyNames()).contains("201", "400", "401", "403", "409");
        assertThat(create.get("201").get("headers").propertyNames()).contains("Location");
        assertThat(create.get("409").get("content").get("application/problem+json").get("examples").propertyNames())
            .contains("POOL_NAME_TAKEN");
        var patch = paths.get("/api/v1/admin/pools/{name}").get("patch");
        assertThat(patch.get("responses").propertyNames()).contains("200", "400", "401", "403", "404");
        assertThat(patch.get("requestBody").toString()).contains("UpdatePoolRequest");
        assertThat(docs.get("components").get("schemas").get("UpdatePoolRequest").get("properties").propertyNames())
            .containsExactlyInAnyOrder("description", "gpus", "weight", "autoApproveHours", "enabled");
        assertThat(paths.get("/api/v1/pools").get("get").get("responses").propertyNames()).contains("200", "400", "401");
        assertThat(paths.get("/api/v1/pools/{name}").get("get").get("responses").propertyNames())
            .contains("200", "401", "404");
        assertThat(docs.get("components").get("schemas").get("PoolResponse").get("properties").propertyNames())
            .contains("id", "name", "description", "gpus", "weight", "autoApproveHours", "enabled", "gpusInUse",
                    "jobsWaiting", "createdAt");
        assertThat(paths.get("/api/v1/jobs").get("post").get("responses").get("409").toString())
            .contains("POOL_DISABLED");
        assertThat(paths.get("/api/v1/jobs/{id}/status").get("patch").get("responses").get("409").toString())
            .contains("POOL_AT_CAPACITY", "INVALID_TRANSITION");
        assertThat(paths.get("/api/v1/jobs").get("get").get("parameters").valueStream()
            .map(p -> p.get("name").asString())).contains("pool");
        assertThat(docs.get("components").get("schemas").get("JobResponse").get("properties").propertyNames())
            .contains("pool", "gpuCount", "weight", "chargedHours", "command", "timeLimitSeconds");
        assertThat(docs.get("components").get("schemas").get("SubmitJobRequest").get("properties").propertyNames())
            .contains("pool", "gpuCount", "command");
    }

    @Test
    void apiDocsWhenFetchedThenDocumentErrorResponsesWithExamplesAndHeaders() {
        var paths = http.get("/v3/api-docs", null).json().get("paths");

        var submit = paths.get("/api/v1/jobs").get("post");
        assertThat(submit.get("responses").get("400").get("content").get("application/problem+json").get("examples")
            .propertyNames()).contains("INSUFFICIENT_QUOTA", "VALIDATION_FAILED", "MALFORMED_REQUEST");
        assertThat(submit.get("responses").propertyNames()).contains("201", "401", "413", "415", "422")
            .doesNotContain("200");
        assertThat(submit.get("responses").get("201").get("content").toString()).contains("JobResponse");
        assertThat(submit.get("parameters").valueStream().map(p -> p.get("name").asString()))
            .contains("Idempotency-Key");
        assertThat(paths.get("/api/v1/jobs/{id}/status").get("patch").get("responses").propertyNames())
            .contains("403", "404", "409");
        assertThat(paths.get("/api/v1/auth/login").get("post").get("responses").get("429").get("headers")
            .propertyNames()).contains("Retry-After");
        assertThat(paths.get("/api/v1/auth/register").get("post").get("responses").propertyNames())
            .contains("201", "409").doesNotContain("401");
        var token = paths.get("/api/v1/auth/token").get("post").get("responses");
        // RFC 6749 errors, and the problem of a request the firewall refuses before the endpoint runs.
        assertThat(token.get("400").get("content").propertyNames())
            .containsExactlyInAnyOrder("application/json", "application/problem+json");
        assertThat(token.get("400").get("content").get("application/json").toString()).contains("OAuthErrorResponse");
        assertThat(token.get("400").toString()).contains("OAuthErrorResponse");
        assertThat(token.get("429").get("headers").propertyNames()).contains("Retry-After");
        assertThat(submit.get("responses").get("201").get("content").propertyNames())
            .containsExactly("application/json");
    }
}
