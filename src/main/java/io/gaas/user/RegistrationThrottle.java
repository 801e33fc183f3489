package io.gaas.user;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Successful self-registrations per client address, in the database so that every replica counts
 * them together. One lock row per address serialises the registrations from it, so parallel ones
 * cannot slip past the count. Lock rows are never deleted (there is one per address that ever
 * registered), so a purge can never race a registration for its lock.
 */
@Repository
class RegistrationThrottle {

    private final JdbcClient jdbc;

    RegistrationThrottle(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the address's row (creating it first if needed) until the transaction ends. */
    void lock(String address) {
        jdbc.sql("INSERT INTO registration_addresses (address) VALUES (:address) ON CONFLICT DO NOTHING")
            .param("address", address)
            .update();
        jdbc.sql("SELECT address FROM registration_addresses WHERE address = :address FOR UPDATE")
            .param("address", address)
            .query(String.class)
            .single();
    }

    /** The times of the registrations since {@code since}, oldest first. */
    List<Instant> registrationsSince(String address, Instant since) {
        return jdbc.sql("""
                SELECT registered_at FROM registrations WHERE address = :address AND registered_at > :since
                ORDER BY registered_at""")
            .param("address", address)
            .param("since", since.atOffset(ZoneOffset.UTC))
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
