package dev.sparkway.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.sparkway.pipeline.PipelineOutput;
import dev.sparkway.spark.JobMetrics;
import dev.sparkway.spark.JobProgress;
import dev.sparkway.spark.StreamingStatus;

/**
 * A job as the job store keeps it. {@code status} is machine state; {@code error}, {@code outputs} and
 * {@code summary} are the outcome, set once when the job ends. A streaming job also has {@code streaming}, its
 * live figures, and lists its {@code outputs} while it runs.
 * <p>
 * {@code inputs} is the identity of every input file the job read, by parameter (taken before Spark read them);
 * {@code reuseKey} stands for the pipeline, the effective parameters and those identities, and is set only on a job
 * whose outputs a later job may reuse; {@code reusedJobId} names the earlier job whose outputs this one took
 * instead of running. {@code sparkApplication} is where its Spark work ran, recorded when it started.
 */
public record Job(String id, String pipeline, Map<String, Object> params, JobStatus status, Instant submittedAt,
		Instant startedAt, Instant finishedAt, long timeoutSeconds, JobProgress progress, JobMetrics metrics,
		JobError error, List<PipelineOutput> outputs, Map<String, Object> summary, String submittedBy,
		String retryOf, StreamingStatus streaming, Map<String, Object> inputs, String reuseKey,
		String reusedJobId, SparkApplication sparkApplication) {

	/** The submitter of a request made without an API key. */
	public static final String ANONYMOUS = "anonymous";

	public Job {
		outputs = outputs == null ? List.of() : List.copyOf(outputs);
		summary = summary == null ? Map.of() : summary;
		progress = progress == null ? JobProgress.NONE : progress;
		metrics = metrics == null ? JobMetrics.NONE : metrics;
		submittedBy = submittedBy == null ? ANONYMOUS : submittedBy;
		inputs = inputs == null ? Map.of() : inputs;
	}

	/** A job not (yet) started on Spark. */
	public Job(String id, String pipeline, Map<String, Object> params, JobStatus status, Instant submittedAt,
			Instant startedAt, Instant finishedAt, long timeoutSeconds, JobProgress progress, JobMetrics metrics,
			JobError error, List<PipelineOutput> outputs, Map<String, Object> summary, String submittedBy,
			String retryOf, StreamingStatus streaming, Map<String, Object> inputs, String reuseKey,
			String reusedJobId) {
		this(id, pipeline, params, status, submittedAt, startedAt, finishedAt, timeoutSeconds, progress, metrics,
				error, outputs, summary, submittedBy, retryOf, streaming, inputs, reuseKey, reusedJobId, null);
	}

	/** A job of a batch pipeline: no streaming figures. */
	public Job(String id, String pipeline, Map<String, Object> params, JobStatus status, Instant submittedAt,
			Instant startedAt, Instant finishedAt, long timeoutSeconds, JobProgress progress, JobMetrics metrics,
			JobError error, List<PipelineOutput> outputs, Map<String, Object> summary, String submittedBy,
			String retryOf) {
		this(id, pipeline, params, status, submittedAt, startedAt, finishedAt, timeoutSeconds, progress, metrics,
				error, outputs, summary, submittedBy, retryOf, null, null, null, null);
	}

	/** A new QUEUED job. */
	static Job queued(String id, String pipeline, Map<String, Object> params, long timeoutSeconds, String submittedBy,
			String retryOf) {
		return new Job(id, pipeline, params, JobStatus.QUEUED, JobStore.now(), null, null, timeoutSeconds, null, null,
				null, null, null, submittedBy, retryOf);
	}

	/** Wall-clock run time: start to end, or start to now while running; null before it starts. */
	public Long durationMs(Instant now) {
		if (startedAt == null) {
			return null;
		}
		return Duration.between(startedAt, finishedAt != null ? finishedAt : now).toMillis();
	}

	/** This job, still QUEUED, with the identity of its inputs and the key a match was looked for under. */
	Job withInputs(Map<String, Object> identities, String key) {
		return new Job(id, pipeline, params, status, submittedAt, startedAt, finishedAt, timeoutSeconds, progress,
				metrics, error, outputs, summary, submittedBy, retryOf, streaming, identities, key, reusedJobId,
				sparkApplication);
	}

	/** This job, still QUEUED, as the reuse of an earlier job's outputs. */
	Job reusing(String earlierJobId) {
		return new Job(id, pipeline, params, status, submittedAt, startedAt, finishedAt, timeoutSeconds, progress,
				metrics, error, outputs, summary, submittedBy, retryOf, streaming, inputs, reuseKey, earlierJobId,
				sparkApplication);
	}

	Job withLive(JobProgress liveProgress, JobMetrics liveMetrics) {
		return new Job(id, pipeline, params, status, submittedAt, startedAt, finishedAt, timeoutSeconds, liveProgress,
				liveMetrics, error, outputs, summary, submittedBy, retryOf, streaming, inputs, reuseKey, reusedJobId,
				sparkApplication);
	}

	Job withStreaming(StreamingStatus liveStreaming, List<PipelineOutput> liveOutputs) {
		return new Job(id, pipeline, params, status, submittedAt, startedAt, finishedAt, timeoutSeconds, progress,
				metrics, error, liveOutputs, summary, submittedBy, retryOf, liveStreaming, inputs, reuseKey, reusedJobId,
				sparkApplication);
	}

	/**
	 * The Spark application a job's work ran in, as recorded when it started: the links to it stay right after the
	 * server rebuilt its SparkContext (a new application).
	 *
	 * <p>
	 * Links lead as close to the job as the Spark UI allows. The UI has no page per job group (the Sparkway job), so
	 * a job links to the page of the first Spark job it ran, which names the job group and links to its SQL query and
	 * stages; until that is recorded (queued, running, or a job that ran no Spark job) to the list of Spark jobs, where
	 * a running job's are on top. A stage links to its own page, attempt included. The UI keeps only the latest
	 * jobs and stages ({@code spark.ui.retained*}): an old job's page may be gone there.
	 *
	 * @param id Spark's application id
	 * @param uiUrl the application's web UI, null when the UI is off: {@code sparkway.spark.ui-public-url} when that
	 * was set at the job's start, else the address Spark reported
	 * @param firstSparkJob the id of the first Spark job the job ran, recorded when it ended; null until then
	 */
	public record SparkApplication(String id, String uiUrl, Integer firstSparkJob) {

		public SparkApplication(String id, String uiUrl) {
			this(id, uiUrl, null);
		}

		/** The page of the job's first Spark job, or the jobs list until it is known; null when the UI is off. */
		public String jobPage() {
			if (uiUrl == null) {
				return null;
			}
			return firstSparkJob == null ? uiUrl + "/jobs/" : uiUrl + "/jobs/job/?id=" + firstSparkJob;
		}

		/** The page of one stage attempt; null when the UI is off. */
		public String stagePage(int stageId, int attempt) {
			return uiUrl == null ? null : uiUrl + "/stages/stage/?id=" + stageId + "&attempt=" + attempt;
		}

	}

}
