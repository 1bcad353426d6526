-- Where a job's Spark work ran, recorded when it started: the Spark application id and its web UI (null when the
-- UI is off), so a job links to the application it ran in even after the server built a new SparkContext.
-- Portable SQL: H2 and PostgreSQL.
ALTER TABLE job ADD COLUMN spark_app_id VARCHAR(255);
ALTER TABLE job ADD COLUMN spark_ui_url VARCHAR(1024);
