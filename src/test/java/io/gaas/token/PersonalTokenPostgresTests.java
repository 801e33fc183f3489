package io.gaas.token;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import io.gaas.support.SharedPostgres;
import io.gaas.support.TestHttp;

/** The same personal-token cases on PostgreSQL: its timestamps, its schema validation, its NUL refusal. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=tokenadmin", "gaas.admin.password=" + TestHttp.PASSWORD })
@Import({ SharedPostgres.class, PersonalTokenIntegrationTests.Clocks.class })
class PersonalTokenPostgresTests extends PersonalTokenIntegrationTests {
}
