package io.gaas.job;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import io.gaas.support.SharedPostgres;
import io.gaas.support.TestHttp;

/**
 * The same flows on PostgreSQL, where a personal submission is one statement but a project's is a
 * transaction of conditional UPDATEs whose refusal must roll the project's charge back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=pgprojadmin", "gaas.admin.password=" + TestHttp.PASSWORD })
@Import(SharedPostgres.class)
class ProjectJobsPostgresIntegrationTests extends ProjectJobsIntegrationTests {

    @Override
    String adminUsername() {
        return "pgprojadmin";
    }
}
