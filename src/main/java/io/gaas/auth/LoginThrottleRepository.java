package io.gaas.auth;

import java.sql.DatabaseMetaData;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Repository;

/**
 * Failed logins, in the database so that every replica counts them together. One lock row per
 * username serialises the attempts for that name, so parallel guesses cannot slip past the count.
 */
@Repository
class LoginThrottleRepository {

    /**
     * Creates the row or, if it exists, updates it to itself: either way the row is locked by the
     * statement that found it. (An insert that does nothing on conflict, then a SELECT ... FOR UPDATE,
     * left a gap in which the purge could delete the row, and the SELECT found none.) On PostgreSQL,
     * ON CONFLICT DO UPDATE also waits out a concurrent delete and then inserts.
     */
    private static final String LOCK_POSTGRESQL = """
            INSERT INTO login_throttles (username) VALUES (:username)
            ON CONFLICT (username) DO UPDATE SET username = EXCLUDED.username""";

    /** H2 has no ON CONFLICT DO UPDATE; its MERGE updates (and so locks) or inserts in one statement. */
    private static final String LOCK_OTHER = "MERGE INTO login_throttles KEY (username) VALUES (:username)";

    private final JdbcClient jdbc;
    private final String lockStatement;

    @Autowired
    LoginThrottleRepository(JdbcClient jdbc, DataSource dataSource) {
        this(jdbc, isPostgreSql(dataSource));
    }

    LoginThrottleRepository(JdbcClient jdbc, boolean postgreSql) {
        this.jdbc = jdbc;
        this.lockStatement = postgreSql ? LOCK_POSTGRESQL : LOCK_OTHER;
    }

    private static boolean isPostgreSql(DataSource dataSource) {
        try {
            return "PostgreSQL".equals(JdbcUtils.extractDatabaseMetaData(dataSource,
                    DatabaseMetaData::getDatabaseProductName));
        }
        catch (MetaDataAccessException unknown) {
            return false;
        }
    }

    /** Locks the username's row (creating it if needed) until the transaction ends, in one statement. */
    void lock(String username) {
        jdbc.sql(lockStatement).param("username", username).update();
    }

    /** The times of the failures since {@code since}, oldest first. */
    List<Instant> failuresSince(String username, Instant since) {
        return jdbc.sql("""
                SELECT failed_at FROM login_failures WHERE username = :username AND failed_at > :since
                ORDER BY failed_at""")
            .param("username", username)
            .param("since", since.atOffset(ZoneOffset.UTC))
            .query((rs, row) -> rs.getObject(1, OffsetDateTime.class).toInstant())
            .list();
    }

    void recordFailure(String username, Instant at) {
        jdbc.sql("INSERT INTO login_failures (id, username, failed_at) VALUES (:id, :username, :at)")
            .param("id", UUID.randomUUID())
            .param("username", username)
            .param("at", at.atOffset(ZoneOffset.UTC))
            .update();
    }

    void clearFailures(String username) {
        jdbc.sql("DELETE FROM login_failures WHERE username = :username").param("username", username).update();
    }

    /** Forgets failures (and lock rows without failures) older than the window. */
    int purgeBefore(Instant cutoff) {
        int failures = jdbc.sql("DELETE FROM login_failures WHERE failed_at <= :cutoff")
            .param("cutoff", cutoff.atOffset(ZoneOffset.UTC))
            .update();
        jdbc.sql("""
                DELETE FROM login_throttles t
                WHERE NOT EXISTS (SELECT 1 FROM login_failures f WHERE f.username = t.username)""").update();
        return failures;
    }
}
