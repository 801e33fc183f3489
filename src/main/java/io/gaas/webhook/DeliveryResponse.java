package io.gaas.webhook;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** One event's delivery to one webhook. */
public record DeliveryResponse(UUID eventId, String type,
        @Schema(allowableValues = { "PENDING", "DELIVERED", "FAILED" }) String status,
        @Schema(description = "Tries that have ended") int attempts,
        @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) Integer lastResponseStatus,
        @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String lastError,
        @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED,
                description = "When the next try is due; null once DELIVERED or FAILED") Instant nextAttemptAt,
        Instant createdAt) {
}
