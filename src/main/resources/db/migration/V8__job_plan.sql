-- The SQL executions a job ran, each with its physical plan as finally executed (after adaptive query
-- execution), recorded as they end; at most sparkway's JobPlans.MAX_EXECUTIONS rows per job. V8, not V7: V7 is
-- kept for the job-cost work developed alongside. Removed with their job. Portable SQL: H2 and PostgreSQL.
CREATE TABLE job_plan (
    job_id        VARCHAR(36)              NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    seq           INTEGER                  NOT NULL,
    description   VARCHAR(512)             NOT NULL,
    succeeded     BOOLEAN                  NOT NULL,
    final_plan    BOOLEAN                  NOT NULL,
    duration_ms   BIGINT                   NOT NULL,
    plan          TEXT                     NOT NULL,
    recorded_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (job_id, seq)
);
