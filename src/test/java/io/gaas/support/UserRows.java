package io.gaas.support;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Users written straight into the table, for repository tests that have no user service. */
public final class UserRows {

    private UserRows() {
    }

    /** A USER row with the given name (not canonicalised: the schema's checks see it as given). */
    public static UUID insertUser(JdbcClient jdbc, String username, Instant createdAt) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO users (id, username, password_hash, role, enabled, token_version, created_at, version)
                VALUES (:id, :username, 'x', 'USER', true, 0, :at, 0)""")
            .param("id", id)
            .param("username", username)
            .param("at", createdAt.atOffset(ZoneOffset.UTC))
            .update();
        return id;
    }
}
