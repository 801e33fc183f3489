-- Usage reports read the JOB_CHARGE and JOB_REFUND entries of a time window (every job's, for an
-- admin) or of one user's jobs (found through gpu_jobs' owner index, then their entries by job).
CREATE INDEX ix_quota_ledger_created_kind ON quota_ledger (created_at, kind);
CREATE INDEX ix_quota_ledger_job ON quota_ledger (job_id);
