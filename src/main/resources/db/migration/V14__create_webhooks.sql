-- Webhooks and their transactional outbox. An event row is written in the transaction of the
-- change that causes it; the dispatcher later fans it out to one delivery per subscribed webhook
-- and sends the deliveries, claiming them in the database so that any replica can do either.
CREATE TABLE webhooks (
    id          UUID          NOT NULL PRIMARY KEY,
    url         VARCHAR(2000) NOT NULL,
    -- Comma-separated event names, e.g. 'job.status_changed,quota.low'.
    events      VARCHAR(500)  NOT NULL,
    description VARCHAR(500),
    secret      VARCHAR(100)  NOT NULL,
    enabled     BOOLEAN       NOT NULL,
    created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_webhooks_created ON webhooks (created_at, id);

CREATE TABLE webhook_events (
    id         UUID        NOT NULL PRIMARY KEY,
    type       VARCHAR(40) NOT NULL,
    -- The event's "data" object, as JSON text.
    payload    TEXT        NOT NULL,
    created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    fanned_out BOOLEAN     NOT NULL DEFAULT FALSE
);

CREATE INDEX ix_webhook_events_fan_out ON webhook_events (fanned_out, created_at);

CREATE TABLE webhook_deliveries (
    webhook_id           UUID        NOT NULL,
    event_id             UUID        NOT NULL,
    status               VARCHAR(10) NOT NULL,
    attempts             INTEGER     NOT NULL,
    -- While PENDING: when the next try is due; while a replica holds the claim: when its claim
    -- expires (the visibility timeout). NULL once DELIVERED or FAILED.
    next_attempt_at      TIMESTAMP(6) WITH TIME ZONE,
    claim_token          UUID,
    last_response_status INTEGER,
    last_error           VARCHAR(500),
    created_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_webhook_deliveries PRIMARY KEY (webhook_id, event_id),
    CONSTRAINT fk_webhook_deliveries_webhook FOREIGN KEY (webhook_id) REFERENCES webhooks (id) ON DELETE CASCADE,
    CONSTRAINT fk_webhook_deliveries_event FOREIGN KEY (event_id) REFERENCES webhook_events (id),
    CONSTRAINT ck_webhook_deliveries_status CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED'))
);

CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX ix_webhook_deliveries_webhook_created ON webhook_deliveries (webhook_id, created_at, event_id);
