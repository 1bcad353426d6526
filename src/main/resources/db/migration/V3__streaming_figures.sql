-- Live figures of a streaming job (JSON: batchId, numInputRows, rates, watermark, lastProgressAt, rejectedRows),
-- written as its micro-batches complete; null for batch pipelines. Portable SQL: H2 and PostgreSQL.
ALTER TABLE job ADD COLUMN streaming TEXT;
