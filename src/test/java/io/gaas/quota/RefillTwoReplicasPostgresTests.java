package io.gaas.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gaas.GaasApplication;
import io.gaas.support.EmbeddedPostgresSupport;
import io.gaas.support.MutableClock;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;

/**
 * Two replicas (two Spring contexts) on one PostgreSQL database, sharing a clock the test moves:
 * when a period starts, both run the refill scheduler from several threads at once while the
 * accounts' owners submit jobs through both. Each account is refilled exactly once, and every
 * ledger still adds up: the balance is the sum of the entries, each entry's balanceAfter the
 * running sum, and the refill's delta what the balance before it called for.
 */
class RefillTwoReplicasPostgresTests {

    private static final String ADMIN = "refilladmin";
    private static final int USERS = 12;
    private static final int SCHEDULER_THREADS_PER_REPLICA = 3;
    private static final int JOBS_PER_USER = 4;
    private static final Instant START = Instant.parse("2032-03-10T12:00:00Z");
    private static final Instant PERIOD_START = Instant.parse("2032-04-01T00:00:00Z");
    private static final MutableClock CLOCK = new MutableClock(START);

    /** Not annotated as a configuration, so that slices that scan this package do not pick it up. */
    static class SharedClock {

        @Bean
        @Primary
        MutableClock testClock() {
            return CLOCK;
        }
    }

    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;
    static TestHttp one;
    static TestHttp two;
    static JdbcClient jdbc;

    @BeforeAll
    static void startTwoReplicas() {
        String url = EmbeddedPostgresSupport.newDatabase();
        first = start(url);
        second = start(url);
        one = new TestHttp(port(first));
        two = new TestHttp(port(second));
        jdbc = first.getBean(JdbcClient.class);
    }

    @AfterAll
    static void stopReplicas() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    private static ConfigurableApplicationContext start(String url) {
        return new SpringApplicationBuilder(GaasApplication.class, SharedClock.class).run("--server.port=0",
                "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres", "--gaas.admin.username=" + ADMIN,
                "--gaas.admin.password=" + TestHttp.PASSWORD, "--gaas.quota.refill-poll=PT1000H",
                "--gaas.quota.refill-initial-delay=PT1000H", "--gaas.registration.per-hour=10000");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Test
    void periodStartWhenBothReplicasRefillWhileUsersSubmitThenEachAccountIsRefilledOnceAndLedgersAddUp()
            throws Exception {
        String admin = one.login(ADMIN);
        List<String> names = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            String name = TestHttp.uniqueName("refilled");
            names.add(name);
            String id = one.register(name);
            ids.add(id);
            Response put = one.send("PUT", "/api/v1/admin/users/" + id + "/allocation", admin,
                    TestHttp.json(Map.of("hours", 20, "period", "MONTHLY", "carryOverHours", 5)), "application/json",
                    Map.of());
            assertThat(put.status()).as(put.body()).isEqualTo(200);
        }

        CLOCK.set(PERIOD_START.plusSeconds(5));
        List<String> tokens = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            tokens.add((u % 2 == 0 ? one : two).login(names.get(u)));
        }
        List<RefillScheduler> schedulers = List.of(first.getBean(RefillScheduler.class),
                second.getBean(RefillScheduler.class));
        AtomicInteger submitted = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(2 * SCHEDULER_THREADS_PER_REPLICA + USERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int u = 0; u < USERS; u++) {
                String token = tokens.get(u);
                running.add(threads.submit(() -> {
                    for (int j = 0; j < JOBS_PER_USER; j++) {
                        Response job = (j % 2 == 0 ? one : two).post("/api/v1/jobs", token,
                                Map.of("name", "race", "gpuHours", 3));
                        assertThat(job.status()).as(job.body()).isIn(201, 400);
                        if (job.status() == 201) {
                            submitted.incrementAndGet();
                        }
                        else {
                            assertThat(job.code()).isEqualTo("INSUFFICIENT_QUOTA");
                        }
                    }
                    return null;
                }));
            }
            for (int t = 0; t < 2 * SCHEDULER_THREADS_PER_REPLICA; t++) {
                RefillScheduler scheduler = schedulers.get(t % 2);
                running.add(threads.submit(() -> {
                    scheduler.refillDue();
                    return null;
                }));
            }
            for (Future<?> call : running) {
                call.get(120, TimeUnit.SECONDS);
            }
        }
        finally {
            threads.shutdownNow();
        }
        // Once more after the race, for any account that a submission held (SKIP LOCKED passed it by).
        schedulers.forEach(RefillScheduler::refillDue);
        assertThat(submitted.get()).isPositive();

        for (String id : ids) {
            List<Entry> ledger = ledger(id);
            List<Entry> refills = ledger.stream().filter(entry -> entry.kind().equals("PERIOD_REFILL")).toList();
            assertThat(refills).as("one refill of %s", id).hasSize(1);
            Entry refill = refills.getFirst();
            assertThat(refill.actor()).isEqualTo("system");
            BigDecimal running = BigDecimal.ZERO;
            for (int i = 0; i < ledger.size(); i++) {
                Entry entry = ledger.get(i);
                assertThat(entry.seq()).as("sequence of %s", id).isEqualTo(i + 1);
                BigDecimal before = running;
                running = running.add(entry.delta());
                assertThat(entry.balanceAfter()).as("running sum of %s at %d", id, entry.seq())
                    .isEqualByComparingTo(running);
                if (entry == refill) {
                    assertThat(entry.balanceAfter()).as("min(before, 5) + 20")
                        .isEqualByComparingTo(before.min(new BigDecimal("5")).add(new BigDecimal("20")));
                }
            }
            assertThat(balance(id)).isEqualByComparingTo(running);
            assertThat(jdbc.sql("SELECT next_refill_at FROM quota_accounts WHERE account_id = :id")
                .param("id", java.util.UUID.fromString(id)).query(OffsetDateTime.class).single().toInstant())
                .isEqualTo(Instant.parse("2032-05-01T00:00:00Z"));
        }
    }

    private record Entry(long seq, String kind, BigDecimal delta, BigDecimal balanceAfter, String actor) {
    }

    private static List<Entry> ledger(String id) {
        return jdbc.sql("""
                SELECT seq, kind, delta_hours, balance_after, actor FROM quota_ledger WHERE account_id = :id ORDER BY seq""")
            .param("id", java.util.UUID.fromString(id))
            .query((row, n) -> new Entry(row.getLong("seq"), row.getString("kind"), row.getBigDecimal("delta_hours"),
                    row.getBigDecimal("balance_after"), row.getString("actor")))
            .list();
    }

    private static BigDecimal balance(String id) {
        return jdbc.sql("SELECT balance FROM quota_accounts WHERE account_id = :id")
            .param("id", java.util.UUID.fromString(id))
            .query(BigDecimal.class)
            .single();
    }
}
