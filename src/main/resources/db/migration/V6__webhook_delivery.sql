-- Webhook deliveries. A row per (job, endpoint) is written WAITING at submission, before the job itself, so a job
-- that ends always finds its deliveries; its end turns the row PENDING (body fixed then, so every attempt sends the
-- same bytes) or removes it when the endpoint did not ask for that status. The dispatcher takes PENDING rows whose
-- next_attempt_at has come; each attempt is kept in webhook_attempt. Portable SQL: H2 and PostgreSQL.
CREATE TABLE webhook_delivery (
    delivery_id     VARCHAR(36)              NOT NULL PRIMARY KEY,
    job_id          VARCHAR(36)              NOT NULL,
    url             VARCHAR(2048)            NOT NULL,
    events          VARCHAR(64)              NOT NULL,
    status          VARCHAR(16)              NOT NULL,
    event_type      VARCHAR(32),
    body            TEXT,
    attempts        INTEGER                  NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE
);

CREATE INDEX webhook_delivery_job_idx ON webhook_delivery (job_id);
CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (status, next_attempt_at);

CREATE TABLE webhook_attempt (
    delivery_id     VARCHAR(36)              NOT NULL,
    attempt         INTEGER                  NOT NULL,
    status          VARCHAR(16)              NOT NULL,
    response_code   INTEGER,
    error_message   TEXT,
    attempted_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (delivery_id, attempt)
);
