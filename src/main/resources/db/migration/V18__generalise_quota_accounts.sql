-- Accounts are no longer only users': a project has hours of its own, with exactly the same
-- guarantees. One table of accounts and one ledger serve both; an account's id is its owner's id
-- (the user's or the project's), so every existing row keeps its key and every v1 answer stays.
ALTER TABLE quota_ledger DROP CONSTRAINT fk_quota_ledger_account;
ALTER TABLE quota_accounts DROP CONSTRAINT fk_quota_accounts_user;
ALTER TABLE quota_accounts RENAME COLUMN user_id TO account_id;
ALTER TABLE quota_ledger RENAME COLUMN user_id TO account_id;
ALTER TABLE quota_ledger ADD CONSTRAINT fk_quota_ledger_account FOREIGN KEY (account_id) REFERENCES quota_accounts (account_id);

ALTER TABLE quota_accounts ADD COLUMN account_type VARCHAR(8) DEFAULT 'USER' NOT NULL;
ALTER TABLE quota_accounts ADD CONSTRAINT ck_quota_accounts_type CHECK (account_type IN ('USER', 'PROJECT'));

-- Below this balance a debit announces quota.low; NULL = the configured default.
ALTER TABLE quota_accounts ADD COLUMN low_balance_hours NUMERIC(14, 2);
ALTER TABLE quota_accounts ADD CONSTRAINT ck_quota_accounts_low_balance
    CHECK (low_balance_hours IS NULL OR (low_balance_hours >= 0 AND low_balance_hours <= 100000));

-- An allocation refills the account at each period start: all four columns or none.
-- last_refill_at is when the current period began for this account (a refund of a job charged
-- before it is capped); next_refill_at is the next scheduled start.
ALTER TABLE quota_accounts ADD COLUMN allocation_hours NUMERIC(14, 2);
ALTER TABLE quota_accounts ADD COLUMN allocation_period VARCHAR(8);
ALTER TABLE quota_accounts ADD COLUMN carry_over_hours NUMERIC(14, 2);
ALTER TABLE quota_accounts ADD COLUMN next_refill_at TIMESTAMP(6) WITH TIME ZONE;
ALTER TABLE quota_accounts ADD COLUMN last_refill_at TIMESTAMP(6) WITH TIME ZONE;
ALTER TABLE quota_accounts ADD CONSTRAINT ck_quota_accounts_allocation CHECK (
    (allocation_hours IS NULL AND allocation_period IS NULL AND carry_over_hours IS NULL AND next_refill_at IS NULL)
    OR (allocation_hours IS NOT NULL AND allocation_period IS NOT NULL AND carry_over_hours IS NOT NULL
        AND next_refill_at IS NOT NULL));
ALTER TABLE quota_accounts ADD CONSTRAINT ck_quota_accounts_allocation_values CHECK (
    allocation_period IS NULL OR (allocation_period IN ('MONTHLY', 'WEEKLY')
        AND allocation_hours >= 0 AND allocation_hours <= 100000
        AND carry_over_hours >= 0 AND carry_over_hours <= 100000));
CREATE INDEX ix_quota_accounts_next_refill ON quota_accounts (next_refill_at);

-- The new kinds: a period's refill (negative when unused hours above the carry-over expire) and an
-- approved top-up request.
ALTER TABLE quota_ledger DROP CONSTRAINT ck_quota_ledger_kind;
ALTER TABLE quota_ledger ADD CONSTRAINT ck_quota_ledger_kind CHECK (kind IN ('INITIAL_GRANT', 'JOB_CHARGE', 'JOB_REFUND',
    'ADMIN_ADJUSTMENT', 'PERIOD_REFILL', 'TOP_UP'));
ALTER TABLE quota_ledger DROP CONSTRAINT ck_quota_ledger_refund_positive;
ALTER TABLE quota_ledger ADD CONSTRAINT ck_quota_ledger_refund_positive
    CHECK (kind NOT IN ('JOB_REFUND', 'INITIAL_GRANT', 'TOP_UP') OR delta_hours > 0);

-- Projects: a team with an account of its own (projects.id = its account's id). Names as pools'.
CREATE TABLE projects (
    id          UUID          NOT NULL PRIMARY KEY,
    name        VARCHAR(32)   NOT NULL,
    description VARCHAR(2000),
    enabled     BOOLEAN       NOT NULL,
    created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    version     BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT uq_projects_name UNIQUE (name),
    CONSTRAINT ck_projects_name_lower_case CHECK (name = LOWER(name)),
    CONSTRAINT fk_projects_account FOREIGN KEY (id) REFERENCES quota_accounts (account_id)
);
CREATE INDEX ix_projects_created ON projects (created_at, id);

-- Members and their spending in the current window: since the later of joining and the project's
-- last refill (window_start). spent_hours changes only by conditional UPDATEs, in the transaction
-- that charges or refunds the project, so a cap holds under any concurrency.
CREATE TABLE project_members (
    project_id  UUID           NOT NULL,
    user_id     UUID           NOT NULL,
    role        VARCHAR(8)     NOT NULL,
    cap_hours   NUMERIC(14, 2),
    spent_hours NUMERIC(14, 2) NOT NULL DEFAULT 0,
    window_start TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    added_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_project_members PRIMARY KEY (project_id, user_id),
    CONSTRAINT fk_project_members_project FOREIGN KEY (project_id) REFERENCES projects (id),
    CONSTRAINT fk_project_members_user FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT ck_project_members_role CHECK (role IN ('MEMBER', 'MANAGER')),
    CONSTRAINT ck_project_members_cap CHECK (cap_hours IS NULL OR (cap_hours >= 0 AND cap_hours <= 100000)),
    CONSTRAINT ck_project_members_spent CHECK (spent_hours >= 0)
);
CREATE INDEX ix_project_members_user ON project_members (user_id, project_id);

-- A job is charged to its owner's account, or to a project's (project_id NOT NULL); refunds go back
-- to the account that was charged. The project's name is kept with the job, as the pool's is.
ALTER TABLE gpu_jobs ADD COLUMN project_id UUID;
ALTER TABLE gpu_jobs ADD COLUMN project_name VARCHAR(32);
ALTER TABLE gpu_jobs ADD CONSTRAINT fk_gpu_jobs_project FOREIGN KEY (project_id) REFERENCES projects (id);
ALTER TABLE gpu_jobs ADD CONSTRAINT ck_gpu_jobs_project CHECK ((project_id IS NULL) = (project_name IS NULL));
CREATE INDEX ix_gpu_jobs_project_created ON gpu_jobs (project_id, created_at, id);
