package io.gaas.webhook;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.gaas.web.PageRequests;
import io.gaas.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/admin/webhooks")
@Tag(name = "Webhooks")
class WebhookController {

    private final WebhookService webhooks;

    WebhookController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @PostMapping
    @Operation(summary = "Create a webhook",
            description = "The response carries the signing secret, shown this once. A URL that is not http(s), has "
                    + "user info, or points at a link-local, metadata, unspecified, multicast or (unless allowed) "
                    + "loopback address: 400 on url. An unknown event name or an empty list: 400 on events.")
    @ApiResponse(responseCode = "201", description = "Created; the secret is in this response only",
            headers = @Header(name = "Location", description = "/api/v1/admin/webhooks/{id}", required = true,
                    schema = @Schema(type = "string", format = "uri-reference")))
    ResponseEntity<CreatedWebhookResponse> create(@RequestBody CreateWebhookRequest request) {
        CreatedWebhookResponse created = webhooks.create(request);
        return ResponseEntity.status(HttpStatus.CREATED)
            .header("Location", "/api/v1/admin/webhooks/" + created.id())
            .body(created);
    }

    @GetMapping
    @Operation(summary = "List webhooks, newest first", description = "Every webhook; secrets are never shown again.")
    PageResponse<WebhookResponse> list(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + PageRequests.DEFAULT_SIZE) int size) {
        return webhooks.list(page, size);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A webhook", description = "The webhook's view; its secret is never shown again.")
    WebhookResponse get(@PathVariable UUID id) {
        return webhooks.get(id);
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change a webhook", description = "Absent fields are left as they are.")
    WebhookResponse update(@PathVariable UUID id, @RequestBody UpdateWebhookRequest request) {
        return webhooks.update(id, request);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a webhook and its deliveries",
            description = "Its deliveries, sent or pending, are deleted with it.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    void delete(@PathVariable UUID id) {
        webhooks.delete(id);
    }

    @PostMapping("/{id}/ping")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Send a ping event to this webhook", description = "Whatever events it subscribes to; "
            + "the delivery appears in its deliveries.")
    @ApiResponse(responseCode = "202", description = "The ping is recorded and will be sent")
    void ping(@PathVariable UUID id) {
        webhooks.ping(id);
    }

    @GetMapping("/{id}/deliveries")
    @Operation(summary = "The webhook's deliveries, newest first",
            description = "Each event sent to it: status, attempts, the last answer or error, and the next try.")
    PageResponse<DeliveryResponse> deliveries(@PathVariable UUID id, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + PageRequests.DEFAULT_SIZE) int size) {
        return webhooks.deliveries(id, page, size);
    }
}
