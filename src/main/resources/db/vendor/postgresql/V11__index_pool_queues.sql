-- Each pool's queue: its APPROVED jobs in approval order, ties by id (what a worker claims next, and
-- jobsWaiting). Partial, so that a submission (PENDING) and every job that has left the queue cost
-- the index nothing: with a full index on (pool_id, status, ...) a submission was ~13% slower.
CREATE INDEX ix_gpu_jobs_pool_queue ON gpu_jobs (pool_id, approved_at, id) WHERE status = 'APPROVED';
