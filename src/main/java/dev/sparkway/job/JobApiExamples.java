package dev.sparkway.job;

/**
 * Example requests and jobs for Swagger UI: a submission per pipeline and a job in every state, shaped exactly as
 * the API answers (ApiDocumentationTests submits each request as a dry run and checks each job's fields against
 * {@link JobResponse}).
 */
final class JobApiExamples {

	static final String JOB_ID = "Job id, as in the answer to POST /api/v1/jobs";

	static final String JOB_ID_EXAMPLE = "3f1c9a6e-2b4d-4f7a-9c1e-5d8b7a6f4e21";

	static final String OUTPUT = "Output name: one of the job's outputs (GET /api/v1/pipelines lists each pipeline's)";

	static final String OUTPUT_EXAMPLE = "daily_sales";

	static final String SUBMIT_RETAIL_SALES = """
			{"pipeline": "retail-sales", "params": {"salesPath": "demo/sales.csv", "badRecords": "drop"}, "timeoutSeconds": 600}""";

	static final String SUBMIT_FRAUD_FEATURES = """
			{"pipeline": "fraud-features", "params": {"salesPath": "demo/sales.csv", "activityPath": "demo/activity.csv", "riskThreshold": 2.0}}""";

	static final String SUBMIT_RFM_SEGMENTATION = """
			{"pipeline": "rfm-segmentation", "params": {"salesPath": "demo/sales.csv", "k": 5, "seed": 42, "maxIter": 20}}""";

	static final String SUBMIT_TWEET_SENTIMENT_STREAMING = """
			{"pipeline": "tweet-sentiment", "params": {"source": "files", "path": "demo/tweets/", "windowDuration": "5 minutes", "watermark": "10 minutes", "triggerInterval": "10 seconds"}}""";

	static final String SUBMIT_TWEET_SENTIMENT_AVAILABLE_NOW = """
			{"pipeline": "tweet-sentiment", "params": {"trigger": "availableNow"}}""";

	static final String DRY_RUN_NOTE = " Add ?dryRun=true to validate it and see the plan Spark would run, "
			+ "without recording a job.";

	private static final String ZERO_METRICS = """
			{"inputRecords": 0, "inputBytes": 0, "outputRecords": 0, "outputBytes": 0, "shuffleReadBytes": 0, \
			"shuffleWriteBytes": 0, "executorRunTimeMs": 0, "executorCpuTimeMs": 0, "jvmGcTimeMs": 0, \
			"peakExecutionMemoryBytes": 0, "memoryBytesSpilled": 0, "diskBytesSpilled": 0}""";

	private static final String NO_COUNTS = """
			{"total": 0, "active": 0, "completed": 0, "failed": 0}""";

	static final String JOB_QUEUED = """
			{"id": "5b0e2c1a-7d3f-4c8e-9a61-2f4b8d9e0c13", "pipeline": "fraud-features",
			 "params": {"salesPath": "demo/sales.csv", "activityPath": "demo/activity.csv", "riskThreshold": 2.0, "badRecords": "drop"},
			 "status": "QUEUED", "submittedAt": "2026-11-25T00:21:04.512Z", "startedAt": null, "finishedAt": null, "durationMs": null,
			 "progress": {"fraction": 0.0, "sparkJobs": """ + NO_COUNTS + ", \"stages\": " + NO_COUNTS + ", \"tasks\": "
			+ NO_COUNTS + """
			, "etaSeconds": 2},
			 "metrics": """ + ZERO_METRICS + """
			,
			 "error": null, "outputs": [], "summary": {}, "submittedBy": "ci", "retryOf": null, "reusedJobId": null,
			 "inputs": {}, "streaming": null,
			 "links": {"self": "/api/v1/jobs/5b0e2c1a-7d3f-4c8e-9a61-2f4b8d9e0c13",
			           "cancel": "/api/v1/jobs/5b0e2c1a-7d3f-4c8e-9a61-2f4b8d9e0c13/cancel", "retry": null, "preview": {}, "sparkUi": null}}""";

	static final String JOB_RUNNING = """
			{"id": "8c3d1f0e-4a2b-4e6c-b8d7-1f9e0a3c5b24", "pipeline": "rfm-segmentation",
			 "params": {"salesPath": "demo/sales.csv", "badRecords": "drop", "k": 5, "seed": 42, "maxIter": 20, "autoK": null},
			 "status": "RUNNING", "submittedAt": "2026-11-25T00:22:10.031Z", "startedAt": "2026-11-25T00:22:10.045Z",
			 "finishedAt": null, "durationMs": 3912,
			 "progress": {"fraction": 0.42, "sparkJobs": {"total": 23, "active": 1, "completed": 22, "failed": 0},
			              "stages": {"total": 31, "active": 1, "completed": 30, "failed": 0},
			              "tasks": {"total": 196, "active": 2, "completed": 194, "failed": 0}, "etaSeconds": 6},
			 "metrics": {"inputRecords": 100000, "inputBytes": 2811904, "outputRecords": 0, "outputBytes": 0,
			             "shuffleReadBytes": 402113, "shuffleWriteBytes": 402113, "executorRunTimeMs": 5120,
			             "executorCpuTimeMs": 3870, "jvmGcTimeMs": 61, "peakExecutionMemoryBytes": 8388608,
			             "memoryBytesSpilled": 0, "diskBytesSpilled": 0},
			 "error": null, "outputs": [], "summary": {}, "submittedBy": "dashboard", "retryOf": null, "reusedJobId": null,
			 "inputs": {"salesPath": {"path": "/srv/sparkway/data/input/demo/sales.csv", "size": 5980599,
			            "modified": "2026-11-25T00:10:02.113Z", "sha256": "5f2c8e1b9a0d4c7e6f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e"}},
			 "streaming": null,
			 "links": {"self": "/api/v1/jobs/8c3d1f0e-4a2b-4e6c-b8d7-1f9e0a3c5b24",
			           "cancel": "/api/v1/jobs/8c3d1f0e-4a2b-4e6c-b8d7-1f9e0a3c5b24/cancel", "retry": null, "preview": {},
			           "sparkUi": "http://localhost:4040/jobs/"}}""";

	static final String JOB_SUCCEEDED = """
			{"id": "3f1c9a6e-2b4d-4f7a-9c1e-5d8b7a6f4e21", "pipeline": "retail-sales",
			 "params": {"salesPath": "demo/sales.csv", "badRecords": "drop"},
			 "status": "SUCCEEDED", "submittedAt": "2026-11-25T00:19:39.184Z", "startedAt": "2026-11-25T00:19:39.190Z",
			 "finishedAt": "2026-11-25T00:19:43.762Z", "durationMs": 4572,
			 "progress": {"fraction": 1.0, "sparkJobs": {"total": 4, "active": 0, "completed": 4, "failed": 0},
			              "stages": {"total": 4, "active": 0, "completed": 4, "failed": 0},
			              "tasks": {"total": 6, "active": 0, "completed": 6, "failed": 0}, "etaSeconds": null},
			 "metrics": {"inputRecords": 107280, "inputBytes": 5980599, "outputRecords": 7520, "outputBytes": 140238,
			             "shuffleReadBytes": 239645, "shuffleWriteBytes": 239645, "executorRunTimeMs": 10126,
			             "executorCpuTimeMs": 7412, "jvmGcTimeMs": 183, "peakExecutionMemoryBytes": 16777216,
			             "memoryBytesSpilled": 0, "diskBytesSpilled": 0},
			 "error": null,
			 "outputs": [{"name": "daily_sales", "location": "file:///srv/sparkway/data/output/3f1c9a6e-2b4d-4f7a-9c1e-5d8b7a6f4e21/daily_sales/",
			              "format": "parquet", "rowCount": 7280,
			              "schema": [{"name": "StoreID", "type": "string"}, {"name": "SaleDate", "type": "string"},
			                         {"name": "TotalDailySales", "type": "double"}, {"name": "TotalDailyTransactions", "type": "bigint"}]},
			             {"name": "monthly_sales", "location": "file:///srv/sparkway/data/output/3f1c9a6e-2b4d-4f7a-9c1e-5d8b7a6f4e21/monthly_sales/",
			              "format": "parquet", "rowCount": 240,
			              "schema": [{"name": "StoreID", "type": "string"}, {"name": "SaleMonth", "type": "string"},
			                         {"name": "TotalMonthlySales", "type": "double"}, {"name": "TotalMonthlyTransactions", "type": "bigint"}]}],
			 "summary": {"inputRows": 100000, "rejectedRows": 50},
			 "submittedBy": "ci", "retryOf": null, "reusedJobId": null,
			 "inputs": {"salesPath": {"path": "/srv/sparkway/data/input/demo/sales.csv", "size": 5980599,
			            "modified": "2026-11-25T00:10:02.113Z", "sha256": "5f2c8e1b9a0d4c7e6f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e"}},
			 "streaming": null,
			 "links": {"self": "/api/v1/jobs/3f1c9a6e-2b4d-4f7a-9c1e-5d8b7a6f4e21", "cancel": null,
			           "retry": "/api/v1/jobs/3f1c9a6e-2b4d-4f7a-9c1e-5d8b7a6f4e21/retry",
			           "preview": {"daily_sales": "/api/v1/jobs/3f1c9a6e-2b4d-4f7a-9c1e-5d8b7a6f4e21/outputs/daily_sales/preview",
			                       "monthly_sales": "/api/v1/jobs/3f1c9a6e-2b4d-4f7a-9c1e-5d8b7a6f4e21/outputs/monthly_sales/preview"},
			           "sparkUi": "http://localhost:4040/jobs/job/?id=12"}}""";

	static final String JOB_FAILED = """
			{"id": "a7e4b2c9-0f1d-4b3a-8e5c-6d2f9a1b7c30", "pipeline": "retail-sales",
			 "params": {"salesPath": "uploads/my-sales.csv", "badRecords": "fail"},
			 "status": "FAILED", "submittedAt": "2026-11-25T00:25:12.300Z", "startedAt": "2026-11-25T00:25:12.311Z",
			 "finishedAt": "2026-11-25T00:25:13.140Z", "durationMs": 829,
			 "progress": {"fraction": 0.5, "sparkJobs": {"total": 2, "active": 0, "completed": 2, "failed": 0},
			              "stages": {"total": 2, "active": 0, "completed": 2, "failed": 0},
			              "tasks": {"total": 2, "active": 0, "completed": 2, "failed": 0}, "etaSeconds": null},
			 "metrics": {"inputRecords": 2000, "inputBytes": 113920, "outputRecords": 0, "outputBytes": 0,
			             "shuffleReadBytes": 0, "shuffleWriteBytes": 0, "executorRunTimeMs": 402,
			             "executorCpuTimeMs": 310, "jvmGcTimeMs": 0, "peakExecutionMemoryBytes": 0,
			             "memoryBytesSpilled": 0, "diskBytesSpilled": 0},
			 "error": {"type": "PIPELINE_ERROR", "message": "badRecords=fail and 'uploads/my-sales.csv' has a bad row: data row 5 (line 6): Timestamp '2024-13-01 10:00:00' is not a timestamp (yyyy-MM-dd HH:mm:ss)"},
			 "outputs": [], "summary": {}, "submittedBy": "ci", "retryOf": null, "reusedJobId": null,
			 "inputs": {"salesPath": {"path": "/srv/sparkway/data/input/uploads/my-sales.csv", "size": 113920,
			            "modified": "2026-11-25T00:24:58.020Z", "sha256": "9d41c0e7b2a85f36e1d4c7b0a9f8e2d3c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1"}},
			 "streaming": null,
			 "links": {"self": "/api/v1/jobs/a7e4b2c9-0f1d-4b3a-8e5c-6d2f9a1b7c30", "cancel": null,
			           "retry": "/api/v1/jobs/a7e4b2c9-0f1d-4b3a-8e5c-6d2f9a1b7c30/retry", "preview": {},
			           "sparkUi": "http://localhost:4040/jobs/job/?id=31"}}""";

	static final String JOB_CANCELLED = """
			{"id": "e2b9d4f6-3c1a-4f8e-a0b7-9c5d2e1f4a63", "pipeline": "tweet-sentiment",
			 "params": {"source": "files", "path": "demo/tweets/", "maxFilesPerTrigger": null, "topic": null, "bootstrapServers": null,
			            "startingOffsets": "latest", "watermark": "10 minutes", "windowDuration": "5 minutes",
			            "trigger": "processingTime", "triggerInterval": "10 seconds"},
			 "status": "CANCELLED", "submittedAt": "2026-11-25T00:30:00.120Z", "startedAt": "2026-11-25T00:30:00.131Z",
			 "finishedAt": "2026-11-25T00:31:17.927Z", "durationMs": 77796,
			 "progress": {"fraction": 0.0, "sparkJobs": {"total": 33, "active": 0, "completed": 32, "failed": 1},
			              "stages": {"total": 41, "active": 0, "completed": 40, "failed": 1},
			              "tasks": {"total": 171, "active": 0, "completed": 168, "failed": 3}, "etaSeconds": null},
			 "metrics": {"inputRecords": 7448, "inputBytes": 861203, "outputRecords": 752, "outputBytes": 61874,
			             "shuffleReadBytes": 98121, "shuffleWriteBytes": 98121, "executorRunTimeMs": 9804,
			             "executorCpuTimeMs": 6127, "jvmGcTimeMs": 96, "peakExecutionMemoryBytes": 17039360,
			             "memoryBytesSpilled": 0, "diskBytesSpilled": 0},
			 "error": {"type": "CANCELLED", "message": "Cancelled on request; outputs are as of the last micro-batch."},
			 "outputs": [{"name": "window_counts", "location": "file:///srv/sparkway/data/output/e2b9d4f6-3c1a-4f8e-a0b7-9c5d2e1f4a63/window_counts/",
			              "format": "parquet", "rowCount": 153,
			              "schema": [{"name": "WindowStart", "type": "timestamp"}, {"name": "WindowEnd", "type": "timestamp"},
			                         {"name": "Sentiment", "type": "string"}, {"name": "Count", "type": "bigint"}]}],
			 "summary": {"inputRows": 5000, "rejectedRows": 25},
			 "submittedBy": "dashboard", "retryOf": null, "reusedJobId": null, "inputs": {},
			 "streaming": {"batchId": 7, "numInputRows": 0, "inputRowsPerSecond": 0.0, "processedRowsPerSecond": 0.0,
			               "watermark": "2023-10-25T10:49:12Z", "lastProgressAt": "2026-11-25T00:31:10.402Z", "rejectedRows": 25},
			 "links": {"self": "/api/v1/jobs/e2b9d4f6-3c1a-4f8e-a0b7-9c5d2e1f4a63", "cancel": null,
			           "retry": "/api/v1/jobs/e2b9d4f6-3c1a-4f8e-a0b7-9c5d2e1f4a63/retry",
			           "preview": {"window_counts": "/api/v1/jobs/e2b9d4f6-3c1a-4f8e-a0b7-9c5d2e1f4a63/outputs/window_counts/preview"},
			           "sparkUi": "http://localhost:4040/jobs/"}}""";

	private JobApiExamples() {
	}

}
