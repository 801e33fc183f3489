package io.gaas.user;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.gaas.throttle.ThrottleLocks;

/**
 * Successful self-registrations per client address, in the database so that every replica counts
 * them together. The address's throttle lock serialises the registrations from it, so parallel
 * ones cannot slip past the count.
 */
@Repository
class RegistrationThrottle {

    static final String LOCK_SCOPE = "registration";

    private final JdbcClient jdbc;
    private final ThrottleLocks locks;

    RegistrationThrottle(JdbcClient jdbc, ThrottleLocks locks) {
        this.jdbc = jdbc;
        this.locks = locks;
    }

    /** Locks the address until the caller's transaction ends. */
    void lock(String address) {
        locks.lock(LOCK_SCOPE, address);
    }

    /** The times of the registrations after {@code after}, oldest first. */
    List<Instant> registrationsAfter(String address, Instant after) {
        return jdbc.sql("""
                SELECT registered_at FROM registrations WHERE address = :address AND registered_at > :after
                ORDER BY registered_at""")
            .param("address", address)
            .param("after", after.atOffset(ZoneOffset.UTC))
            .query((rs, row) -> rs.getObject(1, OffsetDateTime.class).toInstant())
            .list();
    }

    void record(String address, Instant at) {
        jdbc.sql("INSERT INTO registrations (id, address, registered_at) VALUES (:id, :address, :at)")
            .param("id", UUID.randomUUID())
            .param("address", address)
            .param("at", at.atOffset(ZoneOffset.UTC))
            .update();
    }

    int purgeBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM registrations WHERE registered_at <= :cutoff")
            .param("cutoff", cutoff.atOffset(ZoneOffset.UTC))
            .update();
    }
}
