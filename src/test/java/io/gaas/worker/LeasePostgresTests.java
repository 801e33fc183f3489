package io.gaas.worker;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import io.gaas.support.SharedPostgres;
import io.gaas.support.TestHttp;

/**
 * The same lease and time-limit cases on PostgreSQL, where a sweep takes each job's row with
 * {@code FOR UPDATE SKIP LOCKED} and a finish waits for the row: the race must still end each job once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=leaseadmin", "gaas.admin.password=" + TestHttp.PASSWORD,
                "gaas.worker.lease=PT60S" })
@Import({ LeaseIntegrationTests.Clocks.class, SharedPostgres.class })
class LeasePostgresTests extends LeaseIntegrationTests {
}
