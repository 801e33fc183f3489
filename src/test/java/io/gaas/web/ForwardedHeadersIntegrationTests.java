package io.gaas.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;

/**
 * The forwarded scheme through the whole filter chain: the loopback peer is a trusted proxy here
 * (the same settings as the registration tests, so the context is shared), and what it says about
 * the scheme reaches the security headers, which only a request made over HTTPS gets.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=regadmin", "gaas.admin.password=" + TestHttp.PASSWORD,
                "gaas.trusted-proxies=127.0.0.1/32,::1/128", "gaas.registration.per-hour=20" })
class ForwardedHeadersIntegrationTests {

    private static final String HSTS = "Strict-Transport-Security";

    @LocalServerPort
    int port;

    TestHttp http;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
    }

    @Test
    void requestWhenTheTrustedProxySaysHttpsThenTheResponseIsThatOfAnHttpsRequest() {
        Response response = loginWithHeaders(Map.of("X-Forwarded-Proto", "https"));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header(HSTS)).as(HSTS).isNotNull().contains("max-age=");
    }

    @Test
    void requestWhenTheProxySaysHttpOrNothingThenNoHttpsHeaders() {
        assertThat(loginWithHeaders(Map.of()).header(HSTS)).isNull();
        assertThat(loginWithHeaders(Map.of("X-Forwarded-Proto", "http")).header(HSTS)).isNull();
        assertThat(loginWithHeaders(Map.of("X-Forwarded-Proto", "gopher")).header(HSTS)).isNull();
    }

    private Response loginWithHeaders(Map<String, String> headers) {
        return http.post("/api/v1/auth/login", null,
                Map.of("username", TestHttp.uniqueName("scheme"), "password", "not the password"), headers);
    }
}
