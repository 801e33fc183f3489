-- GPU pools: one kind of GPU, its capacity and its price (weight, in quota hours per GPU-hour).
-- Names are stored lower-cased, so a plain UNIQUE makes them case-insensitive (as for usernames).
-- gpus_in_use is the sum of gpu_count over the pool's PROCESSING jobs; it changes only through one
-- conditional UPDATE per job start or end, so no replica can ever push it above gpus. It may sit
-- above gpus after an admin lowers gpus: running jobs go on, nothing new starts.
CREATE TABLE pools (
    id                 UUID           NOT NULL PRIMARY KEY,
    name               VARCHAR(32)    NOT NULL,
    description        VARCHAR(2000),
    gpus               INTEGER,
    weight             NUMERIC(6, 2)  NOT NULL,
    auto_approve_hours NUMERIC(14, 2),
    enabled            BOOLEAN        NOT NULL,
    gpus_in_use        INTEGER        NOT NULL DEFAULT 0,
    created_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    version            BIGINT         NOT NULL DEFAULT 0,
    CONSTRAINT uq_pools_name UNIQUE (name),
    CONSTRAINT ck_pools_name_lower_case CHECK (name = LOWER(name)),
    CONSTRAINT ck_pools_gpus CHECK (gpus IS NULL OR (gpus >= 1 AND gpus <= 100000)),
    CONSTRAINT ck_pools_weight CHECK (weight >= 0.01 AND weight <= 100),
    CONSTRAINT ck_pools_auto_approve_hours CHECK (auto_approve_hours IS NULL
                                                  OR (auto_approve_hours >= 0 AND auto_approve_hours <= 100000)),
    CONSTRAINT ck_pools_gpus_in_use CHECK (gpus_in_use >= 0)
);

-- The pool of every v1 client: no capacity limit, weight 1, no auto-approval.
INSERT INTO pools (id, name, description, gpus, weight, auto_approve_hours, enabled, gpus_in_use, created_at, version)
VALUES ('00000000-0000-0000-0000-000000000001', 'default', NULL, NULL, 1, NULL, TRUE, 0, CURRENT_TIMESTAMP(3), 0);

-- Jobs run in a pool. The pool's name is kept with the job, as the owner's is: names never change.
-- charged_hours is what the job holds of its owner's quota now (gpu_hours x weight rounded up, then
-- the final charge); existing jobs keep their v1 charge. time_limit_seconds is the wall time the
-- job may run: gpu_hours / gpu_count hours, rounded down. approved_at orders the queue.
ALTER TABLE gpu_jobs ADD COLUMN pool_id UUID;
ALTER TABLE gpu_jobs ADD COLUMN pool_name VARCHAR(32);
ALTER TABLE gpu_jobs ADD COLUMN gpu_count INTEGER NOT NULL DEFAULT 1;
ALTER TABLE gpu_jobs ADD COLUMN weight NUMERIC(6, 2) NOT NULL DEFAULT 1;
ALTER TABLE gpu_jobs ADD COLUMN charged_hours NUMERIC(14, 2);
ALTER TABLE gpu_jobs ADD COLUMN command TEXT;
ALTER TABLE gpu_jobs ADD COLUMN time_limit_seconds BIGINT;
ALTER TABLE gpu_jobs ADD COLUMN approved_at TIMESTAMP(6) WITH TIME ZONE;

UPDATE gpu_jobs SET
    pool_id = '00000000-0000-0000-0000-000000000001',
    pool_name = 'default',
    charged_hours = CASE
        WHEN status IN ('REJECTED', 'CANCELLED') THEN 0
        WHEN status IN ('COMPLETED', 'FAILED') THEN used_hours
        ELSE gpu_hours END,
    time_limit_seconds = CAST(FLOOR(gpu_hours * 3600) AS BIGINT);

-- An approved job's approval time is in its history; the newest APPROVED entry is the one.
UPDATE gpu_jobs SET approved_at = (
    SELECT MAX(h.changed_at) FROM job_history h WHERE h.job_id = gpu_jobs.id AND h.status = 'APPROVED');

ALTER TABLE gpu_jobs ALTER COLUMN pool_id SET NOT NULL;
ALTER TABLE gpu_jobs ALTER COLUMN pool_name SET NOT NULL;
ALTER TABLE gpu_jobs ALTER COLUMN charged_hours SET NOT NULL;
ALTER TABLE gpu_jobs ALTER COLUMN time_limit_seconds SET NOT NULL;

ALTER TABLE gpu_jobs ADD CONSTRAINT fk_gpu_jobs_pool FOREIGN KEY (pool_id) REFERENCES pools (id);
ALTER TABLE gpu_jobs ADD CONSTRAINT ck_gpu_jobs_gpu_count CHECK (gpu_count >= 1 AND gpu_count <= 64);
ALTER TABLE gpu_jobs ADD CONSTRAINT ck_gpu_jobs_weight CHECK (weight > 0);
ALTER TABLE gpu_jobs ADD CONSTRAINT ck_gpu_jobs_charged_hours CHECK (charged_hours >= 0);
ALTER TABLE gpu_jobs ADD CONSTRAINT ck_gpu_jobs_time_limit CHECK (time_limit_seconds >= 0);

-- The queue of a pool (APPROVED jobs in approval order, ties by id) and its counts by status.
CREATE INDEX ix_gpu_jobs_pool_status_approved ON gpu_jobs (pool_id, status, approved_at, id);
