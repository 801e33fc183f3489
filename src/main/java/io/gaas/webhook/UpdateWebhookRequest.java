package io.gaas.webhook;

import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/** A change of a webhook; an absent (or null) field is left as it is. */
public record UpdateWebhookRequest(
        @Schema(nullable = true, example = "https://chat.example.org/hooks/y",
                maxLength = WebhookUrls.MAX_LENGTH) String url,
        @ArraySchema(minItems = 1, schema = @Schema(allowableValues = { "job.status_changed", "quota.low",
                "quota_request.opened", "quota_request.decided", "worker.lost", "ping" }),
                arraySchema = @Schema(nullable = true)) List<String> events,
        @Schema(nullable = true, maxLength = WebhookService.MAX_DESCRIPTION) String description,
        @Schema(nullable = true, example = "false") Boolean enabled) {
}
