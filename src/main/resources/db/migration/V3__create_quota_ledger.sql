-- Every change of hours, append-only. seq is the per-user order; balance_after the running sum.
CREATE TABLE quota_ledger (
    id            UUID           NOT NULL PRIMARY KEY,
    user_id       UUID           NOT NULL,
    seq           BIGINT         NOT NULL,
    created_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    kind          VARCHAR(20)    NOT NULL,
    delta_hours   NUMERIC(14, 2) NOT NULL,
    balance_after NUMERIC(14, 2) NOT NULL,
    job_id        UUID,
    note          VARCHAR(500),
    actor         VARCHAR(32)    NOT NULL,
    CONSTRAINT fk_quota_ledger_account FOREIGN KEY (user_id) REFERENCES quota_accounts (user_id),
    CONSTRAINT uq_quota_ledger_user_seq UNIQUE (user_id, seq),
    CONSTRAINT ck_quota_ledger_kind CHECK (kind IN ('INITIAL_GRANT', 'JOB_CHARGE', 'JOB_REFUND', 'ADMIN_ADJUSTMENT')),
    CONSTRAINT ck_quota_ledger_delta_not_zero CHECK (delta_hours <> 0),
    CONSTRAINT ck_quota_ledger_charge_negative CHECK (kind <> 'JOB_CHARGE' OR delta_hours < 0),
    CONSTRAINT ck_quota_ledger_refund_positive CHECK (kind NOT IN ('JOB_REFUND', 'INITIAL_GRANT') OR delta_hours > 0),
    CONSTRAINT ck_quota_ledger_balance_non_negative CHECK (balance_after >= 0)
);
