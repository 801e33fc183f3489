package io.gaas.webhook;

import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/** A new webhook: where to POST, which events, and a note for people. */
public record CreateWebhookRequest(
        @Schema(example = "https://chat.example.org/hooks/x", maxLength = WebhookUrls.MAX_LENGTH,
                requiredMode = Schema.RequiredMode.REQUIRED) String url,
        @ArraySchema(minItems = 1, schema = @Schema(allowableValues = { "job.status_changed", "quota.low",
                "quota_request.opened", "quota_request.decided", "worker.lost", "ping" }),
                arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                        example = "[\"job.status_changed\", \"quota.low\"]")) List<String> events,
        @Schema(nullable = true, maxLength = WebhookService.MAX_DESCRIPTION) String description) {
}
