-- Idempotency-Key of job submissions: one row per (user, key); the primary key makes a claim
-- atomic across replicas. Rows older than 24 hours are purged in the background.
CREATE TABLE idempotency_keys (
    user_id     UUID         NOT NULL,
    idem_key    VARCHAR(100) NOT NULL,
    fingerprint VARCHAR(64)  NOT NULL,
    job_id      UUID         NOT NULL,
    created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_idempotency_keys PRIMARY KEY (user_id, idem_key),
    CONSTRAINT fk_idempotency_keys_user FOREIGN KEY (user_id) REFERENCES users (id)
);

CREATE INDEX ix_idempotency_keys_created ON idempotency_keys (created_at);
