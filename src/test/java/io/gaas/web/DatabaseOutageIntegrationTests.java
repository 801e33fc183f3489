package io.gaas.web;

import static io.gaas.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;
import tools.jackson.databind.JsonNode;

/**
 * The database goes away while the service runs: every request that needs it, including the token
 * check in the authentication filter (which runs before, and outside, the controllers' exception
 * handler), answers 503 SERVICE_UNAVAILABLE as problem+json, and the service recovers with it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:outage;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
                + "DB_CLOSE_DELAY=-1",
        "gaas.admin.username=outageadmin", "gaas.admin.password=" + TestHttp.PASSWORD })
@Import(DatabaseOutageIntegrationTests.Outage.class)
class DatabaseOutageIntegrationTests {

    /** Wraps the application's DataSource so that a test can make every new connection fail. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Outage {

        static final AtomicBoolean DOWN = new AtomicBoolean();

        @Bean
        static BeanPostProcessor failingDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (!(bean instanceof DataSource dataSource) || bean instanceof DelegatingDataSource) {
                        return bean;
                    }
                    return new DelegatingDataSource(dataSource) {
                        @Override
                        public Connection getConnection() throws SQLException {
                            if (DOWN.get()) {
                                throw new SQLTransientConnectionException("Connection refused (test outage)", "08001");
                            }
                            return super.getConnection();
                        }
                    };
                }
            };
        }
    }

    @LocalServerPort
    int port;

    TestHttp http;
    String token;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        token = http.registerAndLogin(TestHttp.uniqueName("outage"));
    }

    @AfterEach
    void databaseBack() {
        Outage.DOWN.set(false);
    }

    @Test
    void authenticatedRequestWhenDatabaseIsDownThenTheFilterAnswers503Problem() {
        Outage.DOWN.set(true);

        Response response = http.get("/api/v1/users/me", token);

        assertUnavailable(response);
    }

    @Test
    void loginWhenDatabaseIsDownThen503Problem() {
        Outage.DOWN.set(true);

        Response response = http.post("/api/v1/auth/login", null,
                Map.of("username", "someone", "password", TestHttp.PASSWORD));

        assertUnavailable(response);
    }

    @Test
    void registerWhenDatabaseIsDownThen503Problem() {
        Outage.DOWN.set(true);

        Response response = http.post("/api/v1/auth/register", null,
                Map.of("username", TestHttp.uniqueName("late"), "password", TestHttp.PASSWORD));

        assertUnavailable(response);
    }

    @Test
    void requestWhenDatabaseIsBackThenServedAgainWithTheSameToken() {
        Outage.DOWN.set(true);
        assertUnavailable(http.get("/api/v1/users/me", token));

        Outage.DOWN.set(false);

        assertThat(http.get("/api/v1/users/me", token).status()).isEqualTo(200);
        assertThat(http.post("/api/v1/jobs", token, Map.of("name", "after", "gpuHours", 1)).status()).isEqualTo(201);
    }

    /** Every operation that reaches the database documents the 503; docs and health do not need it. */
    @Test
    void apiDocumentWhenReadThenEveryApiOperationDocuments503AsAProblem() {
        Response docs = http.get("/v3/api-docs", null);

        assertThat(docs.status()).isEqualTo(200);
        docs.json().get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (path.getKey().startsWith("/api/")) {
                JsonNode unavailable = operation.getValue().get("responses").get("503");
                assertThat(unavailable).as(operation.getKey() + " " + path.getKey()).isNotNull();
                assertThat(unavailable.get("content").has("application/problem+json")).isTrue();
            }
        }));
    }

    @Test
    void apiDocumentWhenReadThenPasswordChangeDocuments429WithRetryAfterAndTokenIsFormOnly() {
        var paths = http.get("/v3/api-docs", null).json().get("paths");

        var tooMany = paths.get("/api/v1/users/me/password").get("post").get("responses").get("429");
        assertThat(tooMany.get("headers").get("Retry-After").get("schema").get("type").asString())
            .isEqualTo("integer");
        var token = paths.get("/api/v1/auth/token").get("post");
        assertThat(token.get("requestBody").get("content").properties()).extracting(java.util.Map.Entry::getKey)
            .containsExactly("application/x-www-form-urlencoded");
    }

    private static void assertUnavailable(Response response) {
        assertProblem(response, 503, "SERVICE_UNAVAILABLE");
        assertThat(response.text("type")).isEqualTo("urn:gaas:problem:service-unavailable");
        assertThat(response.body()).doesNotContainIgnoringCase("exception")
            .doesNotContain("SQL")
            .doesNotContain("refused")
            .doesNotContain("\"timestamp\"");
    }
}
