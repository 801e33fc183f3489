package io.gaas.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** The webhook view at creation, with the signing secret: shown this once, never again. */
public record CreatedWebhookResponse(UUID id, String url, List<String> events,
        @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String description, boolean enabled,
        Instant createdAt,
        @Schema(description = "The HMAC-SHA256 key of X-Gaas-Signature; shown only in this response",
                example = "whsec_3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA") String secret) {
}
