-- Each pool's queue: its APPROVED jobs in approval order, ties by id. H2 has no partial indexes
-- (the PostgreSQL version of this migration has one), so here it covers every job of the pool.
CREATE INDEX ix_gpu_jobs_pool_queue ON gpu_jobs (pool_id, status, approved_at, id);
