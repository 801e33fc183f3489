-- Text limits count characters (Unicode code points), as the API does, so that an emoji is one
-- character. PostgreSQL's VARCHAR(n) counts characters too, but H2's counts UTF-16 units, where a
-- character outside the BMP takes two: every text column gets room for twice its limit, and the
-- application checks the limit itself (after lower-casing, for login names).
ALTER TABLE gpu_jobs ALTER COLUMN name SET DATA TYPE VARCHAR(200);
ALTER TABLE gpu_jobs ALTER COLUMN description SET DATA TYPE VARCHAR(4000);
ALTER TABLE job_history ALTER COLUMN reason SET DATA TYPE VARCHAR(1000);
ALTER TABLE quota_ledger ALTER COLUMN note SET DATA TYPE VARCHAR(1000);
ALTER TABLE login_throttles ALTER COLUMN username SET DATA TYPE VARCHAR(510);
ALTER TABLE login_failures ALTER COLUMN username SET DATA TYPE VARCHAR(510);
