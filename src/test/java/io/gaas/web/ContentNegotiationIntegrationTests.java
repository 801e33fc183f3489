package io.gaas.web;

import static io.gaas.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.gaas.support.Accounts;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;

/**
 * A client that accepts no JSON is refused with 406 before anything happens: not after its job was
 * created and its hours charged.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ContentNegotiationIntegrationTests {

    private static final String JOB = TestHttp.json(Map.of("name", "negotiated", "gpuHours", 1));

    @LocalServerPort
    int port;

    TestHttp http;
    String token;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        token = http.registerAndLogin(TestHttp.uniqueName("accept"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "text/html", "application/xml", "image/png, text/*", "application/json;q=0" })
    void submitWhenAcceptAllowsNoJsonThen406AndNothingIsChargedOrCreated(String accept) {
        Response response = submit(accept);

        assertProblem(response, 406, "NOT_ACCEPTABLE");
        assertThat(Accounts.balance(http, token)).isEqualByComparingTo("10");
        assertThat(Accounts.ledgerSize(http, token)).isEqualTo(1);
        assertThat(http.get("/api/v1/jobs", token).json().get("page").get("totalElements").asLong()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = { "application/json", "*/*", "application/*", "text/html, application/json;q=0.5" })
    void submitWhenAcceptAllowsJsonThenCreated(String accept) {
        Response response = submit(accept);

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(Accounts.balance(http, token)).isEqualByComparingTo("9");
    }

    @Test
    void logoutWhenAcceptAllowsNoJsonThenStillDoneBecauseItAnswersNoBody() {
        Response response = http.send("POST", "/api/v1/auth/logout", token, null, null, Map.of("Accept", "text/html"));

        assertThat(response.status()).isEqualTo(204);
        assertThat(http.get("/api/v1/users/me", token).status()).isEqualTo(401);
    }

    private Response submit(String accept) {
        return http.send("POST", "/api/v1/jobs", token, JOB, "application/json", Map.of("Accept", accept));
    }
}
