-- Jobs and their status history. The submission itself is the job row (status PENDING at
-- created_at); job_history holds each later change, in order.
CREATE TABLE gpu_jobs (
    id             UUID           NOT NULL PRIMARY KEY,
    owner_id       UUID           NOT NULL,
    owner_username VARCHAR(32)    NOT NULL,
    name           VARCHAR(100)   NOT NULL,
    description    VARCHAR(2000),
    gpu_hours      NUMERIC(14, 2) NOT NULL,
    used_hours     NUMERIC(14, 2),
    status         VARCHAR(16)    NOT NULL,
    created_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    version        BIGINT         NOT NULL DEFAULT 0,
    CONSTRAINT fk_gpu_jobs_owner FOREIGN KEY (owner_id) REFERENCES users (id),
    CONSTRAINT ck_gpu_jobs_gpu_hours_positive CHECK (gpu_hours > 0),
    CONSTRAINT ck_gpu_jobs_used_hours_range CHECK (used_hours IS NULL OR (used_hours >= 0 AND used_hours <= gpu_hours)),
    CONSTRAINT ck_gpu_jobs_status CHECK (status IN ('PENDING', 'APPROVED', 'PROCESSING', 'COMPLETED', 'REJECTED',
                                                    'CANCELLED', 'FAILED'))
);

CREATE INDEX ix_gpu_jobs_created ON gpu_jobs (created_at, id);
CREATE INDEX ix_gpu_jobs_owner_created ON gpu_jobs (owner_id, created_at, id);
CREATE INDEX ix_gpu_jobs_owner_name_created ON gpu_jobs (owner_username, created_at, id);

CREATE TABLE job_history (
    job_id     UUID        NOT NULL,
    seq        INTEGER     NOT NULL,
    status     VARCHAR(16) NOT NULL,
    changed_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    actor      VARCHAR(32) NOT NULL,
    reason     VARCHAR(500),
    CONSTRAINT pk_job_history PRIMARY KEY (job_id, seq),
    CONSTRAINT fk_job_history_job FOREIGN KEY (job_id) REFERENCES gpu_jobs (id)
);
