package io.gaas.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.gaas.pool.Pools;
import io.gaas.support.PostgresSessions;

/**
 * The worker row a claim locks, on PostgreSQL: the GPUs of an enabled worker with the row held, and
 * nothing for a worker that is disabled; an admin's change that commits while the claim waits for
 * the row decides, whichever way it goes.
 */
class WorkerRowsPostgresTests {

    private final UUID workerId = UUID.randomUUID();
    private PostgresSessions sessions;
    private Connection claim;
    private Connection admin;

    @BeforeEach
    void setUp() throws SQLException {
        sessions = PostgresSessions.ofNewMigratedDatabase();
        sessions.execute("INSERT INTO workers (id, name, pool_id, gpus, enabled, token_hash, created_at) VALUES ('"
                + workerId + "', 'node-01', '" + Pools.DEFAULT_ID + "', 4, TRUE, 'hash', now())");
        claim = sessions.connect();
        claim.setAutoCommit(false);
        admin = sessions.connect();
        admin.setAutoCommit(false);
    }

    @AfterEach
    void tearDown() throws SQLException {
        claim.close();
        admin.close();
    }

    @Test
    void lockIfEnabledWhenEnabledThenItsGpusWithTheRowHeldUntilCommit() throws Exception {
        assertThat(rows(claim).lockIfEnabled(workerId)).isEqualTo(OptionalInt.of(4));

        assertThatThrownBy(() -> {
            try (Statement statement = admin.createStatement()) {
                statement.execute("SET LOCAL lock_timeout = '100ms'");
                statement.execute("UPDATE workers SET enabled = FALSE WHERE id = '" + workerId + "'");
            }
        }).isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as("lock not available").isEqualTo("55P03"));
        admin.rollback();
        claim.commit();
    }

    @Test
    void lockIfEnabledWhenDisabledThenEmpty() throws Exception {
        try (Statement statement = admin.createStatement()) {
            statement.execute("UPDATE workers SET enabled = FALSE WHERE id = '" + workerId + "'");
        }
        admin.commit();

        assertThat(rows(claim).lockIfEnabled(workerId)).isEmpty();
        assertThat(rows(claim).lockIfEnabled(UUID.randomUUID())).as("no such worker").isEmpty();
    }

    @Test
    void lockIfEnabledWhenDisabledWhileTheClaimWaitsForTheRowThenEmpty() throws Exception {
        try (Statement statement = admin.createStatement()) {
            statement.execute("UPDATE workers SET enabled = FALSE WHERE id = '" + workerId + "'"); // not committed
        }
        long claimPid = PostgresSessions.backendPid(claim);
        CompletableFuture<OptionalInt> locked = CompletableFuture
            .supplyAsync(() -> rows(claim).lockIfEnabled(workerId));
        sessions.awaitFinishedOrWaitingForALock(locked, claimPid);
        assertThat(locked).as("the claim waits for the admin's row lock").isNotDone();

        admin.commit();

        assertThat(locked.get(30, TimeUnit.SECONDS)).isEmpty();
        claim.commit();
    }

    @Test
    void lockIfEnabledWhenReEnabledWhileTheClaimWaitsThenItsGpusAsChanged() throws Exception {
        try (Statement statement = admin.createStatement()) {
            statement.execute("UPDATE workers SET enabled = FALSE WHERE id = '" + workerId + "'");
        }
        admin.commit();
        try (Statement statement = admin.createStatement()) {
            statement.execute("UPDATE workers SET enabled = TRUE, gpus = 2 WHERE id = '" + workerId + "'");
        }
        long claimPid = PostgresSessions.backendPid(claim);
        CompletableFuture<OptionalInt> locked = CompletableFuture
            .supplyAsync(() -> rows(claim).lockIfEnabled(workerId));
        sessions.awaitFinishedOrWaitingForALock(locked, claimPid);

        admin.commit();

        // The claim's statement began while the worker was disabled in every committed version, yet
        // the row as it is once locked decides.
        assertThat(locked.get(30, TimeUnit.SECONDS)).isEqualTo(OptionalInt.of(2));
        claim.commit();
    }

    private static WorkerRows rows(Connection connection) {
        return new WorkerRows(JdbcClient.create(new SingleConnectionDataSource(connection, true)));
    }
}
