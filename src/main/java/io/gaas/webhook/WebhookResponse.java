package io.gaas.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** The webhook view; the secret is never part of it after creation. */
public record WebhookResponse(UUID id, String url, List<String> events,
        @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String description, boolean enabled,
        Instant createdAt) {
}
