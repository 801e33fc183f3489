package io.gaas.auth;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Login attempts that have not proven their password, in the database so that every replica counts
 * them together. The caller holds the address's throttle lock around every read and write here.
 */
@Repository
class LoginThrottleRepository {

    private final JdbcClient jdbc;

    LoginThrottleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The times of the address's failures after {@code after}, whatever the usernames, oldest first. */
    List<Instant> addressFailuresAfter(String address, Instant after) {
        return jdbc.sql("""
                SELECT failed_at FROM login_failures WHERE address = :address AND failed_at > :after
                ORDER BY failed_at""")
            .param("address", address)
            .param("after", after.atOffset(ZoneOffset.UTC))
            .query((rs, row) -> rs.getObject(1, OffsetDateTime.class).toInstant())
            .list();
    }

    /** The times of the pair's failures after {@code after} that still count for it, oldest first. */
    List<Instant> pairFailuresAfter(String username, String address, Instant after) {
        return jdbc.sql("""
                SELECT failed_at FROM login_failures
                WHERE address = :address AND username = :username AND counts_for_pair AND failed_at > :after
                ORDER BY failed_at""")
            .param("address", address)
            .param("username", username)
            .param("after", after.atOffset(ZoneOffset.UTC))
            .query((rs, row) -> rs.getObject(1, OffsetDateTime.class).toInstant())
            .list();
    }

    void insert(UUID id, String username, String address, Instant at) {
        jdbc.sql("""
                INSERT INTO login_failures (id, username, address, failed_at, counts_for_pair)
                VALUES (:id, :username, :address, :at, TRUE)""")
            .param("id", id)
            .param("username", username)
            .param("address", address)
            .param("at", at.atOffset(ZoneOffset.UTC))
            .update();
    }

    void delete(UUID id) {
        jdbc.sql("DELETE FROM login_failures WHERE id = :id").param("id", id).update();
    }

    /** The pair's count starts again; the rows still count against the address. */
    void stopCountingForPair(String username, String address) {
        jdbc.sql("""
                UPDATE login_failures SET counts_for_pair = FALSE
                WHERE address = :address AND username = :username AND counts_for_pair""")
            .param("address", address)
            .param("username", username)
            .update();
    }

    int purgeAtOrBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM login_failures WHERE failed_at <= :cutoff")
            .param("cutoff", cutoff.atOffset(ZoneOffset.UTC))
            .update();
    }
}
