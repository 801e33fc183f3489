package io.gaas.token;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.gaas.user.Role;

/**
 * The personal token's part of every request it authenticates, in plain SQL: one SELECT that reads
 * the token and its user together, and the rare write of {@code last_used_at}.
 */
@Repository
class PersonalTokenQueries {

    /** What authenticating a personal token needs to know, from the token row and its user's row. */
    record TokenAccess(UUID tokenId, boolean admin, Instant expiresAt, Instant lastUsedAt, UUID userId,
            String username, Role role, boolean enabled) {
    }

    private final JdbcClient jdbc;

    PersonalTokenQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<TokenAccess> findByHash(String tokenHash) {
        return jdbc.sql("""
                SELECT t.id, t.admin, t.expires_at, t.last_used_at, u.id AS user_id, u.username, u.role, u.enabled
                FROM personal_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = :hash""")
            .param("hash", tokenHash)
            .query((row, number) -> new TokenAccess(row.getObject("id", UUID.class), row.getBoolean("admin"),
                    row.getObject("expires_at", OffsetDateTime.class).toInstant(),
                    instant(row.getObject("last_used_at", OffsetDateTime.class)),
                    row.getObject("user_id", UUID.class), row.getString("username"),
                    Role.valueOf(row.getString("role")), row.getBoolean("enabled")))
            .optional();
    }

    /**
     * Records a use unless one was recorded since {@code notBefore}: the condition makes the write
     * happen once a minute per token at most, whatever the number of requests and replicas.
     */
    void touch(UUID tokenId, Instant now, Instant notBefore) {
        jdbc.sql("""
                UPDATE personal_tokens SET last_used_at = :now
                WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :notBefore)""")
            .param("now", OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC))
            .param("id", tokenId)
            .param("notBefore", OffsetDateTime.ofInstant(notBefore, java.time.ZoneOffset.UTC))
            .update();
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
