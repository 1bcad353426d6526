-- Reuse of identical work. inputs: the identity (path, size, modification time, SHA-256) of every input file a
-- job read, as JSON, taken before Spark read them; reuse_key: a SHA-256 over the pipeline, the effective
-- parameters and those identities, null unless the job may be reused (its inputs stayed unchanged while it ran);
-- reused_job_id: the earlier job whose outputs a job took instead of running. Portable SQL: H2 and PostgreSQL.
ALTER TABLE job ADD COLUMN inputs TEXT;
ALTER TABLE job ADD COLUMN reuse_key VARCHAR(64);
ALTER TABLE job ADD COLUMN reused_job_id VARCHAR(36);

CREATE INDEX job_reuse_key_idx ON job (reuse_key);
