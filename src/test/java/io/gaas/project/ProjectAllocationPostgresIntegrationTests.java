package io.gaas.project;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import io.gaas.support.SharedPostgres;
import io.gaas.support.TestHttp;

/** The same project allocation flows on PostgreSQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=projallocadmin", "gaas.admin.password=" + TestHttp.PASSWORD,
                "gaas.quota.refill-poll=PT1000H", "gaas.quota.refill-initial-delay=PT1000H",
                "gaas.registration.per-hour=10000" })
@Import({ ProjectAllocationIntegrationTests.Clocks.class, SharedPostgres.class })
class ProjectAllocationPostgresIntegrationTests extends ProjectAllocationIntegrationTests {
}
