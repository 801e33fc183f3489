-- One balance per user. The CHECK is the last guard against overspending: even a faulty
-- statement can never leave a balance below zero.
CREATE TABLE quota_accounts (
    user_id    UUID           NOT NULL PRIMARY KEY,
    balance    NUMERIC(14, 2) NOT NULL,
    ledger_seq BIGINT         NOT NULL,
    CONSTRAINT fk_quota_accounts_user FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT ck_quota_accounts_balance_non_negative CHECK (balance >= 0),
    CONSTRAINT ck_quota_accounts_ledger_seq CHECK (ledger_seq >= 0)
);
