package io.gaas.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.gaas.support.PostgresSessions;

/**
 * The purge of idle lock rows against an attempt that locks one, on PostgreSQL. A lock taken with an
 * INSERT that did nothing on conflict and then a SELECT ... FOR UPDATE once failed here: a purge
 * between the two deleted the row, and the SELECT found none (500). The one statement that locks
 * now creates or updates the row, so the purge waits for the holder, and a row deleted under a
 * waiting attempt is created again and locked.
 */
class ThrottleLocksRacePostgresTests {

    private static final String SCOPE = "login";
    private static final String NAME = "198.51.100.7";

    private PostgresSessions sessions;
    private Connection login;
    private Connection purge;

    @BeforeEach
    void setUp() throws SQLException {
        sessions = PostgresSessions.ofNewMigratedDatabase();
        // A row left by an earlier attempt long ago: exactly what the purge deletes.
        sessions.execute("INSERT INTO throttle_locks (scope, lock_key, locked_at) VALUES ('" + SCOPE + "', '" + NAME
                + "', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00')");
        login = connect();
        login.setAutoCommit(false);
        purge = connect();
        purge.setAutoCommit(false);
    }

    @AfterEach
    void tearDown() throws SQLException {
        login.close();
        purge.close();
    }

    @Test
    void lockWhenPurgeRunsRightAfterTheLoginsFirstStatementThenLoginKeepsItsLockedRowAndPurgeWaits()
            throws Exception {
        long purgePid = PostgresSessions.backendPid(purge);
        AtomicBoolean purgeStarted = new AtomicBoolean();
        CompletableFuture<Integer> purged = new CompletableFuture<>();
        Connection hooked = afterFirstStatement(login, () -> {
            purgeStarted.set(true);
            CompletableFuture.runAsync(() -> {
                try {
                    int count = locks(purge).purgeIdleSince(Instant.now().minus(Duration.ofDays(1)));
                    purge.commit();
                    purged.complete(count);
                }
                catch (Exception e) {
                    purged.completeExceptionally(e);
                }
            });
            sessions.awaitFinishedOrWaitingForALock(purged, purgePid);
        });
        ThrottleLocks locks = locks(hooked);

        locks.lock(SCOPE, NAME); // the purge runs inside this call, right after its one statement

        assertThat(purgeStarted).isTrue();
        assertThat(purged).as("the purge waits for the attempt's row lock").isNotDone();
        assertHeldByAnotherSession(NAME);

        login.commit();
        // The attempt touched the row: no longer idle, it is kept.
        assertThat(purged.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(count("SELECT count(*) FROM throttle_locks WHERE lock_key = '" + NAME + "'")).isEqualTo(1);
    }

    @Test
    void lockWhenPurgeDeletedTheRowAndCommitsWhileTheLoginWaitsThenLoginCreatesAndLocksItAgain() throws Exception {
        assertThat(locks(purge).purgeIdleSince(Instant.now())).isOne(); // deleted, not yet committed
        long loginPid = PostgresSessions.backendPid(login);
        CompletableFuture<Void> locked = CompletableFuture.runAsync(() -> locks(login).lock(SCOPE, NAME));
        sessions.awaitFinishedOrWaitingForALock(locked, loginPid);

        purge.commit();
        locked.get(30, TimeUnit.SECONDS);

        assertHeldByAnotherSession(NAME);
        login.commit();
        assertThat(count("SELECT count(*) FROM throttle_locks WHERE lock_key = '" + NAME + "'")).isEqualTo(1);
    }

    private Connection connect() throws SQLException {
        return sessions.connect();
    }

    private static ThrottleLocks locks(Connection connection) {
        return new ThrottleLocks(JdbcClient.create(new SingleConnectionDataSource(connection, true)), true,
                Clock.systemUTC());
    }

    /**
     * A third session cannot take the name's row: its own upsert runs into the lock (a row inserted
     * but not committed is invisible to a SELECT ... FOR UPDATE NOWAIT, so that could not tell).
     */
    private void assertHeldByAnotherSession(String key) {
        assertThatThrownBy(() -> {
            try (Connection other = connect(); Statement statement = other.createStatement()) {
                other.setAutoCommit(false);
                statement.execute("SET LOCAL lock_timeout = '100ms'");
                statement.execute("INSERT INTO throttle_locks (scope, lock_key, locked_at) VALUES ('" + SCOPE + "', '"
                        + key + "', now()) ON CONFLICT (scope, lock_key) DO UPDATE SET locked_at = EXCLUDED.locked_at");
                other.rollback();
            }
        }).isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as("lock not available").isEqualTo("55P03"));
    }

    private long count(String sql) throws SQLException {
        try (Connection other = connect(); Statement statement = other.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** The connection, with {@code hook} run once, right after the first statement it executes. */
    private static Connection afterFirstStatement(Connection connection, Runnable hook) {
        AtomicBoolean ran = new AtomicBoolean();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] { Connection.class },
                (proxy, method, args) -> {
                    Object result = invoke(connection, method, args);
                    if (result instanceof PreparedStatement prepared) {
                        return Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                                new Class<?>[] { PreparedStatement.class }, (p, m, a) -> {
                                    Object outcome = invoke(prepared, m, a);
                                    if (m.getName().startsWith("execute") && ran.compareAndSet(false, true)) {
                                        hook.run();
                                    }
                                    return outcome;
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        }
        catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
