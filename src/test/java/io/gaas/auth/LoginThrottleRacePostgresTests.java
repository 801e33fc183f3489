package io.gaas.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.gaas.support.EmbeddedPostgresSupport;

/**
 * The purge against a login, on PostgreSQL, in the one interleaving that used to fail: the purge
 * runs right after the login's first throttle statement. The login locked its row with an INSERT
 * that did nothing on conflict and then a SELECT ... FOR UPDATE; a purge between the two deleted
 * the row, and the SELECT found none (500). Now the first statement locks the row itself, so the
 * purge must wait for the login, whose lock is still held when it goes on.
 */
class LoginThrottleRacePostgresTests {

    private static final String NAME = "alice";

    private String url;
    private Connection login;
    private Connection purge;

    @BeforeEach
    void setUp() throws SQLException {
        url = EmbeddedPostgresSupport.newDatabase();
        Flyway.configure().dataSource(url, "postgres", "postgres").load().migrate();
        try (Connection setup = connect(); Statement statement = setup.createStatement()) {
            // A row left by an earlier attempt, without failures: exactly what the purge deletes.
            statement.execute("INSERT INTO login_throttles (username) VALUES ('" + NAME + "')");
        }
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
        long purgePid = backendPid(purge);
        AtomicBoolean purgeStarted = new AtomicBoolean();
        CompletableFuture<Integer> purged = new CompletableFuture<>();
        Connection hooked = afterFirstStatement(login, () -> {
            purgeStarted.set(true);
            CompletableFuture.runAsync(() -> {
                try {
                    int count = repository(purge).purgeBefore(Instant.now().plus(Duration.ofDays(1)));
                    purge.commit();
                    purged.complete(count);
                }
                catch (Exception e) {
                    purged.completeExceptionally(e);
                }
            });
            awaitFinishedOrWaitingForALock(purged, purgePid);
        });
        LoginThrottleRepository throttle = repository(hooked);

        throttle.lock(NAME); // the purge runs inside this call, after its first statement
        throttle.failuresSince(NAME, Instant.now().minus(Duration.ofMinutes(15)));
        throttle.recordFailure(NAME, Instant.now());

        assertThat(purgeStarted).isTrue();
        assertThat(purged).as("the purge waits for the login's row lock").isNotDone();
        assertHeldByAnotherSession(NAME);

        login.commit();
        // Whether the purge then drops the (now unlocked) lock row does not matter: the failure is
        // kept in login_failures, and the next attempt creates the row again.
        assertThat(purged.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(count("SELECT count(*) FROM login_failures WHERE username = '" + NAME + "'")).isEqualTo(1);
    }

    @Test
    void lockWhenPurgeDeletedTheRowAndCommitsWhileTheLoginWaitsThenLoginCreatesAndLocksItAgain() throws Exception {
        repository(purge).purgeBefore(Instant.now()); // deletes the row, not yet committed
        long loginPid = backendPid(login);
        CompletableFuture<Void> locked = CompletableFuture.runAsync(() -> repository(login).lock(NAME));
        awaitFinishedOrWaitingForALock(locked, loginPid);

        purge.commit();
        locked.get(30, TimeUnit.SECONDS);

        assertHeldByAnotherSession(NAME);
        login.commit();
        assertThat(count("SELECT count(*) FROM login_throttles WHERE username = '" + NAME + "'")).isEqualTo(1);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "postgres", "postgres");
    }

    private static LoginThrottleRepository repository(Connection connection) {
        return new LoginThrottleRepository(JdbcClient.create(new SingleConnectionDataSource(connection, true)), true);
    }

    private static long backendPid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT pg_backend_pid()")) {
            result.next();
            long pid = result.getLong(1);
            connection.commit();
            return pid;
        }
    }

    /** Polls the server's own view of the other session; no clock is involved in what is asserted. */
    private void awaitFinishedOrWaitingForALock(CompletableFuture<?> other, long pid) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Connection observer = connect();
                PreparedStatement waiting = observer.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND wait_event_type = 'Lock'")) {
            waiting.setLong(1, pid);
            while (!other.isDone()) {
                try (ResultSet result = waiting.executeQuery()) {
                    result.next();
                    if (result.getInt(1) > 0) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the other session neither finished nor waited for a lock");
                }
                Thread.onSpinWait();
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A third session cannot take the name's row: its own upsert runs into the lock (a row inserted
     * but not committed is invisible to a SELECT ... FOR UPDATE NOWAIT, so that could not tell).
     */
    private void assertHeldByAnotherSession(String username) {
        assertThatThrownBy(() -> {
            try (Connection other = connect(); Statement statement = other.createStatement()) {
                other.setAutoCommit(false);
                statement.execute("SET LOCAL lock_timeout = '100ms'");
                statement.execute("INSERT INTO login_throttles (username) VALUES ('" + username
                        + "') ON CONFLICT (username) DO UPDATE SET username = EXCLUDED.username");
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
