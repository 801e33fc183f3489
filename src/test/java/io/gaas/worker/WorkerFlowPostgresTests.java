package io.gaas.worker;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import io.gaas.support.SharedPostgres;
import io.gaas.support.TestHttp;

/** The worker flows on PostgreSQL: the claim's SKIP LOCKED query, NUL-free outputs, the real locks. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=workeradmin", "gaas.admin.password=" + TestHttp.PASSWORD,
                "gaas.worker.lease=PT1H" })
@Import({ WorkerFlowIntegrationTests.Clocks.class, SharedPostgres.class })
class WorkerFlowPostgresTests extends WorkerFlowIntegrationTests {
}
