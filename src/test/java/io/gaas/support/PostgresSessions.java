package io.gaas.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;

/**
 * Sessions of one PostgreSQL database, for tests of what one session sees while another holds a
 * lock. Whether a session waits is asked of the server itself ({@code pg_stat_activity}), so no
 * test depends on timing.
 */
public final class PostgresSessions {

    private final String url;

    private PostgresSessions(String url) {
        this.url = url;
    }

    /** Sessions of a new database on the embedded server, with every migration applied. */
    public static PostgresSessions ofNewMigratedDatabase() {
        String url = EmbeddedPostgresSupport.newDatabase();
        Flyway.configure().dataSource(url, "postgres", "postgres").load().migrate();
        return new PostgresSessions(url);
    }

    /** Runs SQL in a session of its own (autocommit), e.g. a test's rows before the sessions under test start. */
    public void execute(String... statements) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "postgres", "postgres");
    }

    /** The server process of a session in manual-commit mode (the query's transaction is committed). */
    public static long backendPid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT pg_backend_pid()")) {
            result.next();
            long pid = result.getLong(1);
            connection.commit();
            return pid;
        }
    }

    /** Returns once the other session's work has finished or the session waits for a lock (30 s at most). */
    public void awaitFinishedOrWaitingForALock(CompletableFuture<?> other, long pid) {
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
}
