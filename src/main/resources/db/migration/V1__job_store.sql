-- Job store: machine state (status) kept apart from outcome (error, outputs, summary).
-- Portable SQL: runs unchanged on H2 and PostgreSQL.
CREATE TABLE job (
    id              VARCHAR(36)              NOT NULL PRIMARY KEY,
    pipeline        VARCHAR(100)             NOT NULL,
    params          TEXT                     NOT NULL,
    status          VARCHAR(16)              NOT NULL,
    submitted_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE,
    finished_at     TIMESTAMP WITH TIME ZONE,
    last_updated    TIMESTAMP WITH TIME ZONE NOT NULL,
    timeout_seconds BIGINT                   NOT NULL,
    progress        TEXT,
    metrics         TEXT,
    error_type      VARCHAR(32),
    error_message   TEXT,
    outputs         TEXT,
    summary         TEXT,
    version         INTEGER                  NOT NULL
);

CREATE INDEX job_status_idx ON job (status);
CREATE INDEX job_submitted_idx ON job (submitted_at);
CREATE INDEX job_pipeline_idx ON job (pipeline);
