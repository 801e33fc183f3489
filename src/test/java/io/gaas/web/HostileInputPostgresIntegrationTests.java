package io.gaas.web;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import io.gaas.support.SharedPostgres;
import io.gaas.support.TestHttp;

/**
 * The same hostile-input catalogue on PostgreSQL, which refuses what H2 stores (NUL in text) and
 * runs the one-statement submission: every row must still get its exact 4xx, never a 500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=pgadmin", "gaas.admin.password=" + TestHttp.PASSWORD })
@Import(SharedPostgres.class)
class HostileInputPostgresIntegrationTests extends HostileInputIntegrationTests {

    @Override
    String adminUsername() {
        return "pgadmin";
    }
}
