package io.gaas.quota;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import io.gaas.support.SharedPostgres;
import io.gaas.support.TestHttp;

/**
 * The same allocation flows on PostgreSQL, where a refill takes the account with
 * {@code FOR UPDATE SKIP LOCKED} and a submission is one statement that reads the account's own
 * low-balance threshold.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=allocadmin", "gaas.admin.password=" + TestHttp.PASSWORD,
                "gaas.quota.refill-poll=PT1000H", "gaas.quota.refill-initial-delay=PT1000H",
                "gaas.registration.per-hour=10000" })
@Import({ AllocationIntegrationTests.Clocks.class, SharedPostgres.class })
class AllocationPostgresIntegrationTests extends AllocationIntegrationTests {
}
