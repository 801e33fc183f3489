package io.gaas.webhook;

import java.util.List;

/** The event names a webhook may subscribe to, as API.md spells them. */
final class WebhookEventTypes {

    static final String JOB_STATUS_CHANGED = "job.status_changed";
    static final String QUOTA_LOW = "quota.low";
    static final String QUOTA_REQUEST_OPENED = "quota_request.opened";
    static final String QUOTA_REQUEST_DECIDED = "quota_request.decided";
    static final String WORKER_LOST = "worker.lost";
    static final String PING = "ping";

    static final List<String> ALL = List.of(JOB_STATUS_CHANGED, QUOTA_LOW, QUOTA_REQUEST_OPENED,
            QUOTA_REQUEST_DECIDED, WORKER_LOST, PING);

    private WebhookEventTypes() {
    }
}
