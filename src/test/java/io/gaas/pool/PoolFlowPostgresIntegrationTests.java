package io.gaas.pool;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import io.gaas.support.SharedPostgres;
import io.gaas.support.TestHttp;

/**
 * The same flows on PostgreSQL, where a submission reads its pool, prices and approves the job in
 * one statement rather than in the service's transaction.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=pgadmin", "gaas.admin.password=" + TestHttp.PASSWORD })
@Import(SharedPostgres.class)
class PoolFlowPostgresIntegrationTests extends PoolFlowIntegrationTests {

    @Override
    String adminUsername() {
        return "pgadmin";
    }
}
