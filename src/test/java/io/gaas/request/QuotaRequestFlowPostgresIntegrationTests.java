package io.gaas.request;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import io.gaas.support.SharedPostgres;
import io.gaas.support.TestHttp;

/** The same flows on PostgreSQL: its conditional UPDATE, its refusal of NUL, its timestamps. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=pgadmin", "gaas.admin.password=" + TestHttp.PASSWORD })
@Import(SharedPostgres.class)
class QuotaRequestFlowPostgresIntegrationTests extends QuotaRequestFlowIntegrationTests {

    @Override
    String adminUsername() {
        return "pgadmin";
    }
}
