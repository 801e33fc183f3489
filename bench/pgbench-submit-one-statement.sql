-- pgbench: exactly the statements the service sends for one job submission on PostgreSQL — the
-- authenticated user by primary key, then the charge, its ledger entry and the job as one
-- statement (io.gaas.job.JobSubmissions) — so the service can also be compared with the
-- database's limit for its own work. Filled in per user like pgbench-submit.sql.
SELECT id, username, role, enabled, token_version FROM users WHERE id = '@USER_ID@';
WITH job AS (SELECT gen_random_uuid() AS id), charged AS (UPDATE quota_accounts SET balance = balance - 0.01, ledger_seq = ledger_seq + 1 WHERE user_id = '@USER_ID@' AND balance - 0.01 >= 0 RETURNING user_id, balance, ledger_seq), entry AS (INSERT INTO quota_ledger (id, user_id, seq, created_at, kind, delta_hours, balance_after, job_id, note, actor) SELECT gen_random_uuid(), user_id, ledger_seq, now(), 'JOB_CHARGE', -0.01, balance, job.id, NULL, '@USERNAME@' FROM charged, job) INSERT INTO gpu_jobs (id, owner_id, owner_username, name, description, gpu_hours, used_hours, status, created_at, updated_at, version) SELECT job.id, user_id, '@USERNAME@', 'bench-job', NULL, 0.01, NULL, 'PENDING', now(), now(), 0 FROM charged, job;
