package io.gaas.user;

import static io.gaas.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;

/** {@code GAAS_REGISTRATION=closed}: nobody registers, admins still create accounts. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=closedadmin", "gaas.admin.password=" + TestHttp.PASSWORD,
                "gaas.registration.mode=closed" })
class ClosedRegistrationIntegrationTests {

    @LocalServerPort
    int port;

    @Test
    void registerWhenClosedThenRegistrationClosedAndAdminsStillCreateUsers() {
        TestHttp http = new TestHttp(port);
        String name = TestHttp.uniqueName("shut");

        Response refused = http.post("/api/v1/auth/register", null,
                Map.of("username", name, "password", TestHttp.PASSWORD));

        assertProblem(refused, 403, "REGISTRATION_CLOSED");
        assertProblem(http.post("/api/v1/auth/login", null, Map.of("username", name, "password", TestHttp.PASSWORD)),
                401, "INVALID_CREDENTIALS");
        Response created = http.post("/api/v1/admin/users", http.login("closedadmin"),
                Map.of("username", name, "password", TestHttp.PASSWORD));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(http.get("/api/v1/users/me", http.login(name)).text("username")).isEqualTo(name);
    }
}
