package io.gaas.webhook;

import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.gaas.request.QuotaRequestDecided;
import io.gaas.request.QuotaRequestOpened;

/**
 * Turns the top-up request events into outbox rows, in the publisher's transaction (a plain,
 * synchronous listener, as {@link OutboxListeners}): {@code {"request": <request view>}}.
 */
@Component
class QuotaRequestOutboxListeners {

    private final Outbox outbox;

    QuotaRequestOutboxListeners(Outbox outbox) {
        this.outbox = outbox;
    }

    @EventListener
    void on(QuotaRequestOpened opened) {
        outbox.record(WebhookEventTypes.QUOTA_REQUEST_OPENED, Map.of("request", opened.request()));
    }

    @EventListener
    void on(QuotaRequestDecided decided) {
        outbox.record(WebhookEventTypes.QUOTA_REQUEST_DECIDED, Map.of("request", decided.request()));
    }
}
