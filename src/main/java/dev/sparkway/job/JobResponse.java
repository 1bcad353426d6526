package dev.sparkway.job;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sparkway.pipeline.PipelineOutput;
import dev.sparkway.spark.JobMetrics;
import dev.sparkway.spark.JobProgress;
import dev.sparkway.spark.StreamingStatus;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A job as the API shows it.
 */
@Schema(description = "A job: its state, live progress, figures and, once it ends, its outcome.")
public record JobResponse(@Schema(example = "3f1c9a6e-2b4d-4f7a-9c1e-5d8b7a6f4e21") String id,
		@Schema(example = "retail-sales") String pipeline,
		@Schema(description = "Effective parameters, defaults filled in.",
				example = """
						{"salesPath": "demo/sales.csv", "badRecords": "drop"}""") Map<String, Object> params,
		JobStatus status, Instant submittedAt, Instant startedAt, Instant finishedAt,
		@Schema(description = "Start to end (or to now while running), in ms; null before it starts.") Long durationMs,
		JobProgress progress, JobMetrics metrics, JobError error, List<PipelineOutput> outputs,
		@Schema(description = "Pipeline-specific figures, e.g. inputRows and rejectedRows.",
				example = """
						{"inputRows": 100000, "rejectedRows": 50}""") Map<String, Object> summary,
		@Schema(description = "Name of the API key that submitted the job, or 'anonymous'.", example = "dashboard") String submittedBy,
		@Schema(description = "The job this one retries, if any.") String retryOf,
		@Schema(description = "The earlier job whose outputs this one took instead of running (submitted with "
				+ "\"reuse\": true and a match found); null when it ran.",
				example = "9b2e4f10-7c3a-4d5e-8f61-0a1b2c3d4e5f") String reusedJobId,
		@Schema(description = "Per input parameter, the identity of the file it read (a folder: of each file in it), "
				+ "taken before Spark read it: what a later reuse request is compared with. Empty until the job runs.",
				example = """
						{"salesPath": {"path": "/srv/sparkway/data/input/demo/sales.csv", "size": 5980599,
						 "modified": "2026-11-25T00:10:02.113Z", "sha256": "5f2c…"}}""") Map<String, Object> inputs,
		@Schema(description = "Streaming pipelines only: the query's latest progress figures; null for batch pipelines.") StreamingStatus streaming,
		Links links) {

	static final String JOBS = "/api/v1/jobs/";

	/**
	 * The job exactly as {@code GET /api/v1/jobs/{id}} answers it (webhook bodies carry it too), linking to the
	 * Spark UI of the application it ran in as recorded when it started.
	 */
	public static JobResponse of(Job job) {
		Job.SparkApplication app = job.sparkApplication();
		return of(job, app == null ? null : app.jobPage());
	}

	static JobResponse of(Job job, String sparkUi) {
		Instant now = Instant.now();
		Map<String, String> previews = new LinkedHashMap<>();
		// A job lists outputs once it succeeded; a streaming job also while it runs and after it was stopped.
		for (PipelineOutput output : job.outputs()) {
			if (dev.sparkway.pipeline.OutputSpec.PARQUET.equals(output.format())) {
				previews.put(output.name(), JOBS + job.id() + "/outputs/" + output.name() + "/preview");
			}
		}
		Links links = new Links(JOBS + job.id(), job.status().isEnded() ? null : JOBS + job.id() + "/cancel",
				job.status().isEnded() ? JOBS + job.id() + "/retry" : null, previews, sparkUi);
		return new JobResponse(job.id(), job.pipeline(), job.params(), job.status(), job.submittedAt(),
				job.startedAt(), job.finishedAt(), job.durationMs(now), job.progress(), job.metrics(), job.error(),
				job.outputs(), job.summary(), job.submittedBy(), job.retryOf(), job.reusedJobId(), job.inputs(),
				job.streaming(), links);
	}

	/**
	 * Where to go next.
	 *
	 * @param self this job
	 * @param cancel POST here to cancel; null once the job ended
	 * @param retry POST here to run it again; null until the job ended
	 * @param preview per previewable output, its preview; empty until the job SUCCEEDED (a streaming job: while it
	 * runs and once it ended)
	 * @param sparkUi the Spark UI (absolute URL) of the application the job ran in, as recorded when it started
	 * ({@code sparkway.spark.ui-public-url} as its base when set): the page of the first Spark job it ran once it
	 * ended, the list of Spark jobs before ({@link Job.SparkApplication#jobPage()}); null while it is queued, when
	 * the UI is off, and for a job that reused another's outputs
	 */
	public record Links(@Schema(example = "/api/v1/jobs/3f1c9a6e-2b4d-4f7a-9c1e-5d8b7a6f4e21") String self,
			String cancel, String retry,
			@Schema(description = "Per previewable output, its preview", example = """
					{"daily_sales": "/api/v1/jobs/3f1c9a6e-2b4d-4f7a-9c1e-5d8b7a6f4e21/outputs/daily_sales/preview"}""")
			Map<String, String> preview, String sparkUi) {
	}

	/** One page of jobs, newest first. */
	public record Page(List<JobResponse> items, int page, int size, long total) {
	}

}
