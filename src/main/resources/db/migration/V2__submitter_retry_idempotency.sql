-- Who submitted a job (an API key's name, or 'anonymous'), which job it retries, and idempotency keys.
ALTER TABLE job ADD COLUMN submitted_by VARCHAR(100) DEFAULT 'anonymous' NOT NULL;
ALTER TABLE job ADD COLUMN retry_of VARCHAR(36);

-- A client's Idempotency-Key maps to the job its first request created; the request hash tells a repeat
-- (same body) from a misuse (different body). Keys are scoped by caller.
CREATE TABLE idempotency_key (
    caller       VARCHAR(100)             NOT NULL,
    idem_key     VARCHAR(255)             NOT NULL,
    request_hash VARCHAR(64)              NOT NULL,
    job_id       VARCHAR(36)              NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (caller, idem_key)
);

CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);
CREATE INDEX idempotency_key_job_idx ON idempotency_key (job_id);
