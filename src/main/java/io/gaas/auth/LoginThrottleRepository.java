package io.gaas.auth;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Failed logins, in the database so that every replica counts them together. One lock row per
 * username serialises the attempts for that name, so parallel guesses cannot slip past the count.
 */
@Repository
class LoginThrottleRepository {

    private final JdbcClient jdbc;

    LoginThrottleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the username's row (creating it first if needed) until the transaction ends. */
    void lock(String username) {
        jdbc.sql("INSERT INTO login_throttles (username) VALUES (:username) ON CONFLICT DO NOTHING")
            .param("username", username)
            .update();
        jdbc.sql("SELECT username FROM login_throttles WHERE username = :username FOR UPDATE")
            .param("username", username)
            .query(String.class)
            .single();
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
