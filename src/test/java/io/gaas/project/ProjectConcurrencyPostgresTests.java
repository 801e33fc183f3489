package io.gaas.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import io.gaas.support.ParallelCalls;
import io.gaas.support.SharedPostgres;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;

/**
 * Races that PostgreSQL decides: the same new member PUT by several requests at once is added by
 * exactly one of them (201) and changed by the others (200), never a 500 or a second row; the same
 * new project name created at once is created once, the others get 409.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=pgadmin", "gaas.admin.password=" + TestHttp.PASSWORD })
@Import(SharedPostgres.class)
class ProjectConcurrencyPostgresTests {

    private static final int CALLS = 8;

    @LocalServerPort
    int port;

    TestHttp http;

    String admin;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        admin = http.login("pgadmin");
    }

    @RepeatedTest(3)
    void concurrentPutsOfTheSameNewMemberThenOneAddsItAndTheOthersChangeIt() throws Exception {
        String project = create(TestHttp.uniqueName("p").toLowerCase()).text("id");
        String member = TestHttp.uniqueName("m");
        http.register(member);
        String manager = TestHttp.uniqueName("g");
        String managerToken = http.registerAndLogin(manager);
        assertThat(put(admin, project, manager, Map.of("role", "MANAGER")).status()).isEqualTo(201);

        // Admins and a manager at once, with different caps: each answer is the member as one PUT left it.
        List<Response> answers = ParallelCalls.run(CALLS, i -> put(i % 2 == 0 ? admin : managerToken, project, member,
                Map.of("role", "MEMBER", "capHours", i)));

        assertThat(answers).extracting(Response::status).containsOnly(200, 201);
        assertThat(answers).filteredOn(answer -> answer.status() == 201).hasSize(1);
        Response members = http.get("/api/v1/projects/" + project + "/members", admin);
        assertThat(members.json().get("page").get("totalElements").asLong()).isEqualTo(2);
        assertThat(answers).extracting(answer -> answer.text("addedAt")).containsOnly(
                members.json().get("content").valueStream()
                    .filter(m -> m.get("username").asString().equals(member))
                    .findFirst()
                    .orElseThrow()
                    .get("addedAt")
                    .asString());
    }

    @RepeatedTest(3)
    void concurrentCreatesOfTheSameNameThenOneProjectAndTheOthersAre409() throws Exception {
        String name = TestHttp.uniqueName("p").toLowerCase();

        List<Response> answers = ParallelCalls.run(CALLS, i -> create(i % 2 == 0 ? name : name.toUpperCase()));

        assertThat(answers).extracting(Response::status).containsOnly(201, 409);
        assertThat(answers).filteredOn(answer -> answer.status() == 201).hasSize(1);
        assertThat(answers).filteredOn(answer -> answer.status() == 409)
            .allSatisfy(answer -> assertThat(answer.code()).isEqualTo("PROJECT_NAME_TAKEN"));
    }

    private Response create(String name) {
        return http.post("/api/v1/admin/projects", admin, Map.of("name", name, "initialHours", 1));
    }

    private Response put(String token, String projectId, String username, Map<String, Object> body) {
        return http.send("PUT", "/api/v1/projects/" + projectId + "/members/" + username, token, TestHttp.json(body),
                "application/json", Map.of());
    }
}
