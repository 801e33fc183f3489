-- pgbench: the ceiling of the issue — the database work of one job submission as a transaction of
-- three statements. bench/run.sh makes one copy per bench user (@USER_ID@, @USERNAME@ filled in)
-- and pgbench picks one at random for each transaction: pgbench variables are numbers only, so a
-- user id cannot be drawn with \set. (The service sends the same writes as one statement; see
-- pgbench-submit-one-statement.sql.)
-- 1. the authenticated user, re-read by primary key (the service does this on every request);
SELECT id, username, role, enabled, token_version FROM users WHERE id = '@USER_ID@';
-- 2. the job's pool (the default one here: weight 1, so the charge is the GPU-hours);
SELECT id, name, gpus, weight, auto_approve_hours, enabled FROM pools WHERE name = 'default';
-- 3. in one transaction: the conditional charge, its ledger entry (copying the new balance and
--    sequence number and time from the locked account row) and the job.
BEGIN;
UPDATE quota_accounts SET balance = balance + -0.01, ledger_seq = ledger_seq + 1, last_entry_at = GREATEST(now(), COALESCE(last_entry_at, now())) WHERE account_id = '@USER_ID@' AND balance + -0.01 >= 0;
INSERT INTO quota_ledger (id, account_id, seq, created_at, kind, delta_hours, balance_after, job_id, note, actor) SELECT gen_random_uuid(), a.account_id, a.ledger_seq, a.last_entry_at, 'JOB_CHARGE', -0.01, a.balance, gen_random_uuid(), NULL, '@USERNAME@' FROM quota_accounts a WHERE a.account_id = '@USER_ID@';
INSERT INTO gpu_jobs (id, owner_id, owner_username, name, description, gpu_hours, used_hours, status, created_at, updated_at, version, pool_id, pool_name, gpu_count, weight, charged_hours, command, time_limit_seconds, approved_at) VALUES (gen_random_uuid(), '@USER_ID@', '@USERNAME@', 'bench-job', NULL, 0.01, NULL, 'PENDING', now(), now(), 0, '00000000-0000-0000-0000-000000000001', 'default', 1, 1, 0.01, NULL, 36, NULL);
COMMIT;
