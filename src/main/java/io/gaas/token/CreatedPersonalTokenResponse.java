package io.gaas.token;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;

/** A token just created: the only answer that carries its secret. */
record CreatedPersonalTokenResponse(UUID id, String name, boolean admin, Instant createdAt, Instant expiresAt,
        @Nullable Instant lastUsedAt,
        @Schema(example = "gaasp_3q2-7wE0xJ9yZt4mQv8Rk1LsN5bHc6dFgAeUoIpWrTyKzXj",
                description = "The token, shown this once: send it as 'Authorization: Bearer <token>'") String token) {

    static CreatedPersonalTokenResponse from(PersonalToken token, String secret) {
        return new CreatedPersonalTokenResponse(token.getId(), token.getName(), token.isAdmin(), token.getCreatedAt(),
                token.getExpiresAt(), token.getLastUsedAt(), secret);
    }
}
