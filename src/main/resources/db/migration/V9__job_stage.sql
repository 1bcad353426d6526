-- The Spark stages a job ran, written when it ends (live ones come from the listener while it runs): at most
-- sparkway's StageLog.MAX_STAGES rows per job, in the order Spark submitted them. And the first Spark job it ran, so
-- its Spark UI link can lead to that job's page. V9: V7 is kept for the job-cost work developed alongside.
-- Removed with their job. Portable SQL: H2 and PostgreSQL.
CREATE TABLE job_stage (
    job_id          VARCHAR(36)              NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    seq             INTEGER                  NOT NULL,
    stage_id        INTEGER                  NOT NULL,
    attempt         INTEGER                  NOT NULL,
    name            VARCHAR(512)             NOT NULL,
    status          VARCHAR(16)              NOT NULL,
    num_tasks       INTEGER                  NOT NULL,
    completed_tasks INTEGER                  NOT NULL,
    failed_tasks    INTEGER                  NOT NULL,
    submitted_at    TIMESTAMP WITH TIME ZONE,
    completed_at    TIMESTAMP WITH TIME ZONE,
    duration_ms     BIGINT,
    PRIMARY KEY (job_id, seq)
);

ALTER TABLE job ADD COLUMN spark_job_id INTEGER;
