package io.gaas.token;

import java.time.Instant;
import java.util.UUID;

import jakarta.annotation.Nullable;

/** A personal access token as listed: never its secret. */
record PersonalTokenResponse(UUID id, String name, boolean admin, Instant createdAt, Instant expiresAt,
        @Nullable Instant lastUsedAt) {

    static PersonalTokenResponse from(PersonalToken token) {
        return new PersonalTokenResponse(token.getId(), token.getName(), token.isAdmin(), token.getCreatedAt(),
                token.getExpiresAt(), token.getLastUsedAt());
    }
}
