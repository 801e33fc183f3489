package io.gaas.job;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import io.gaas.support.SharedPostgres;
import io.gaas.support.TestHttp;

/**
 * The same seeded model on PostgreSQL, where a submission is the one-statement charge and insert
 * of {@link JobSubmissions} rather than the quota service's charge and a JPA insert, and a claim
 * or a sweep skips the rows others hold ({@code FOR UPDATE SKIP LOCKED}): every refund,
 * cancellation, adjustment and run after it must still add up to the ledger.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=pgadmin", "gaas.admin.password=" + TestHttp.PASSWORD,
                "gaas.worker.lease=PT60S" })
@Import({ JobLifecycleModelTests.Clocks.class, SharedPostgres.class })
class JobLifecycleModelPostgresTests extends JobLifecycleModelTests {

    @Override
    String adminUsername() {
        return "pgadmin";
    }
}
