package io.gaas.job;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Idempotency keys, one row per (user, key). Claiming a key is an insert that a unique key makes
 * atomic across replicas: of two requests with the same key, exactly one claims it; the other
 * waits for the first transaction and then sees its row.
 */
@Repository
class IdempotencyKeyRepository {

    record StoredKey(String fingerprint, UUID jobId, Instant createdAt) {
    }

    private final JdbcClient jdbc;

    IdempotencyKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return true if this call claimed the key, false if a row for it already exists */
    boolean claim(UUID userId, String key, String fingerprint, UUID jobId, Instant at) {
        return jdbc.sql("""
                INSERT INTO idempotency_keys (user_id, idem_key, fingerprint, job_id, created_at)
                VALUES (:userId, :key, :fingerprint, :jobId, :at) ON CONFLICT DO NOTHING""")
            .param("userId", userId)
            .param("key", key)
            .param("fingerprint", fingerprint)
            .param("jobId", jobId)
            .param("at", at.atOffset(ZoneOffset.UTC))
            .update() == 1;
    }

    Optional<StoredKey> find(UUID userId, String key) {
        return jdbc.sql("""
                SELECT fingerprint, job_id, created_at FROM idempotency_keys
                WHERE user_id = :userId AND idem_key = :key""")
            .param("userId", userId)
            .param("key", key)
            .query((rs, row) -> new StoredKey(rs.getString(1), rs.getObject(2, UUID.class),
                    rs.getObject(3, java.time.OffsetDateTime.class).toInstant()))
            .optional();
    }

    int deleteOne(UUID userId, String key) {
        return jdbc.sql("DELETE FROM idempotency_keys WHERE user_id = :userId AND idem_key = :key")
            .param("userId", userId)
            .param("key", key)
            .update();
    }

    int deleteCreatedBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM idempotency_keys WHERE created_at < :cutoff")
            .param("cutoff", cutoff.atOffset(ZoneOffset.UTC))
            .update();
    }
}
