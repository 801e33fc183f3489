-- pgbench: the statements the service sends for one worker's claim and the finish of the job it
-- got (io.gaas.worker.WorkerProtocol, io.gaas.job.JobRuns and JobRunWrites, io.gaas.pool.PoolCapacity,
-- io.gaas.webhook.Outbox), each request its own transaction as in the service, in its order. Client
-- N acts as the worker named pgw-N (created through the API, like the service's bench workers); its
-- lookup by name stands for the token lookup every worker request starts with. The pool's APPROVED
-- jobs are copies of a bench job (bench/run.sh). No webhook subscribes, as in the service's run, so
-- the outbox statements insert nothing.
SELECT id AS worker_id, pool_id FROM workers WHERE name = 'pgw-' || :client_id \gset
BEGIN;
SELECT gpus, enabled FROM workers WHERE id = :worker_id FOR UPDATE;
UPDATE workers SET last_seen_at = now() WHERE id = :worker_id;
SELECT COALESCE(SUM(gpu_count), 0) FROM gpu_jobs WHERE worker_id = :worker_id AND status = 'PROCESSING';
SELECT j.id AS job_id FROM gpu_jobs j WHERE j.pool_id = :pool_id AND j.status = 'APPROVED' AND j.command IS NOT NULL AND j.gpu_count <= 1 AND EXISTS (SELECT 1 FROM pools p WHERE p.id = j.pool_id AND p.enabled = TRUE AND (p.gpus IS NULL OR p.gpus_in_use + j.gpu_count <= p.gpus)) ORDER BY j.approved_at, j.id LIMIT 1 FOR UPDATE SKIP LOCKED \gset
SELECT * FROM gpu_jobs WHERE id = :job_id;
SELECT * FROM job_history WHERE job_id = :job_id ORDER BY seq;
UPDATE pools SET gpus_in_use = gpus_in_use + 1 WHERE id = :pool_id AND (gpus IS NULL OR gpus_in_use + 1 <= gpus);
UPDATE gpu_jobs SET status = 'PROCESSING', worker_id = :worker_id, worker_name = 'pgw', started_at = now(), last_heartbeat_at = now(), lease_expires_at = now() + interval '60 seconds', deadline_at = now() + interval '1 hour', updated_at = now(), version = version + 1 WHERE id = :job_id AND status = 'APPROVED';
INSERT INTO job_history (job_id, seq, status, changed_at, actor, reason) VALUES (:job_id, 1, 'PROCESSING', now(), 'worker-pgw', NULL);
INSERT INTO webhook_events (id, type, payload, created_at, fanned_out) SELECT gen_random_uuid(), 'job.status_changed', '{}', now(), FALSE FROM webhooks WHERE enabled = TRUE AND CONCAT(',', events, ',') LIKE '%,job.status_changed,%' FETCH FIRST 1 ROW ONLY;
END;
SELECT id, name, pool_id, gpus, enabled FROM workers WHERE name = 'pgw-' || :client_id;
BEGIN;
UPDATE workers SET last_seen_at = now() WHERE id = :worker_id;
SELECT * FROM gpu_jobs WHERE id = :job_id FOR UPDATE;
SELECT * FROM job_history WHERE job_id = :job_id ORDER BY seq;
UPDATE gpu_jobs SET status = 'COMPLETED', used_hours = 0.01, charged_hours = 0.01, exit_code = 0, end_reason = 'EXIT_CODE', finished_at = now(), updated_at = now(), version = version + 1 WHERE id = :job_id AND status = 'PROCESSING';
INSERT INTO job_history (job_id, seq, status, changed_at, actor, reason) VALUES (:job_id, 2, 'COMPLETED', now(), 'worker-pgw', NULL);
INSERT INTO webhook_events (id, type, payload, created_at, fanned_out) SELECT gen_random_uuid(), 'job.status_changed', '{}', now(), FALSE FROM webhooks WHERE enabled = TRUE AND CONCAT(',', events, ',') LIKE '%,job.status_changed,%' FETCH FIRST 1 ROW ONLY;
UPDATE pools SET gpus_in_use = gpus_in_use - 1 WHERE id = :pool_id;
END;
