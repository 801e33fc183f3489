package io.gaas.auth;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import io.gaas.support.SharedPostgres;
import io.gaas.support.TestHttp;

/** The same forged and stale tokens against PostgreSQL: each refused as on H2, none a 500. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=pgadmin", "gaas.admin.password=" + TestHttp.PASSWORD })
@Import(SharedPostgres.class)
class ForgedTokenPostgresIntegrationTests extends ForgedTokenIntegrationTests {

    @Override
    String adminUsername() {
        return "pgadmin";
    }
}
