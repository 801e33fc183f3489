package io.gaas.project;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import io.gaas.support.SharedPostgres;
import io.gaas.support.TestHttp;

/** The same flows on PostgreSQL, where a member's insert yields to a concurrent one (ON CONFLICT DO NOTHING). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=pgadmin", "gaas.admin.password=" + TestHttp.PASSWORD })
@Import(SharedPostgres.class)
class ProjectFlowPostgresIntegrationTests extends ProjectFlowIntegrationTests {

    @Override
    String adminUsername() {
        return "pgadmin";
    }
}
