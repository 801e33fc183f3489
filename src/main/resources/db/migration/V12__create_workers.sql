-- Workers (GPU machines that run jobs) and the run of a job on one of them.
-- A worker's token is kept only as its SHA-256 (hex); names are stored lower-cased under a plain
-- UNIQUE, as usernames are, so that H2 and PostgreSQL behave alike.
CREATE TABLE workers (
    id           UUID        NOT NULL PRIMARY KEY,
    name         VARCHAR(32) NOT NULL,
    pool_id      UUID        NOT NULL,
    gpus         INTEGER     NOT NULL,
    enabled      BOOLEAN     NOT NULL,
    token_hash   VARCHAR(64) NOT NULL,
    last_seen_at TIMESTAMP(6) WITH TIME ZONE,
    created_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    version      BIGINT      NOT NULL DEFAULT 0,
    CONSTRAINT uq_workers_name UNIQUE (name),
    CONSTRAINT uq_workers_token_hash UNIQUE (token_hash),
    CONSTRAINT fk_workers_pool FOREIGN KEY (pool_id) REFERENCES pools (id),
    CONSTRAINT ck_workers_gpus CHECK (gpus BETWEEN 1 AND 64)
);

-- The run: who runs the job, since when, until when its lease holds, and how it ended.
-- worker_name is kept with the job (names never change), so the job view needs no join.
ALTER TABLE gpu_jobs ADD COLUMN worker_id UUID;
ALTER TABLE gpu_jobs ADD COLUMN worker_name VARCHAR(32);
ALTER TABLE gpu_jobs ADD COLUMN started_at TIMESTAMP(6) WITH TIME ZONE;
ALTER TABLE gpu_jobs ADD COLUMN finished_at TIMESTAMP(6) WITH TIME ZONE;
ALTER TABLE gpu_jobs ADD COLUMN exit_code INTEGER;
ALTER TABLE gpu_jobs ADD COLUMN lease_expires_at TIMESTAMP(6) WITH TIME ZONE;
ALTER TABLE gpu_jobs ADD COLUMN last_heartbeat_at TIMESTAMP(6) WITH TIME ZONE;
-- The claim + time limit + max(lease, 30 s) + 10 s: past it the service ends the job (time limit).
ALTER TABLE gpu_jobs ADD COLUMN deadline_at TIMESTAMP(6) WITH TIME ZONE;
ALTER TABLE gpu_jobs ADD COLUMN end_reason VARCHAR(16);
ALTER TABLE gpu_jobs ADD COLUMN stop_requested BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE gpu_jobs ADD COLUMN stop_requested_by VARCHAR(40);
ALTER TABLE gpu_jobs ADD COLUMN stop_acknowledged BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE gpu_jobs ADD CONSTRAINT fk_gpu_jobs_worker FOREIGN KEY (worker_id) REFERENCES workers (id);
ALTER TABLE gpu_jobs ADD CONSTRAINT ck_gpu_jobs_end_reason
    CHECK (end_reason IS NULL OR end_reason IN ('EXIT_CODE', 'START_FAILED', 'STOPPED', 'WORKER_LOST', 'TIME_LIMIT',
                                                'MANUAL'));

-- A worker's running jobs, and the sweeper's scan of live leases.
CREATE INDEX ix_gpu_jobs_worker_status ON gpu_jobs (worker_id, status);
CREATE INDEX ix_gpu_jobs_status_lease ON gpu_jobs (status, lease_expires_at);

-- 'worker:<name>' (39 characters) is an actor in histories and ledgers.
ALTER TABLE job_history ALTER COLUMN actor SET DATA TYPE VARCHAR(40);
ALTER TABLE quota_ledger ALTER COLUMN actor SET DATA TYPE VARCHAR(40);

-- What a worker reported as the job's output (at most 32768 characters), apart from the job row.
CREATE TABLE job_outputs (
    job_id UUID NOT NULL PRIMARY KEY,
    output TEXT NOT NULL,
    CONSTRAINT fk_job_outputs_job FOREIGN KEY (job_id) REFERENCES gpu_jobs (id)
);

-- One row: when the lease sweeper last ran, on any replica. A gap longer than a lease means the
-- service was away, and every live lease is extended before any is judged expired.
CREATE TABLE lease_sweeps (
    id            INTEGER NOT NULL PRIMARY KEY,
    last_swept_at TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT ck_lease_sweeps_single CHECK (id = 1)
);
INSERT INTO lease_sweeps (id, last_swept_at) VALUES (1, NULL);
