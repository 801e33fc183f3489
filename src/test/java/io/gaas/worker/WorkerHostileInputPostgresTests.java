package io.gaas.worker;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import io.gaas.support.SharedPostgres;
import io.gaas.support.TestHttp;

/** The same hostile catalogue on PostgreSQL, which refuses NUL in text where H2 stores it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=hostileadmin", "gaas.admin.password=" + TestHttp.PASSWORD,
                "gaas.worker.lease=PT1H" })
@Import(SharedPostgres.class)
class WorkerHostileInputPostgresTests extends WorkerHostileInputIntegrationTests {
}
