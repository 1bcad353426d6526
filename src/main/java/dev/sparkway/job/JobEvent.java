package dev.sparkway.job;

import java.util.Map;

import dev.sparkway.spark.JobProgress;
import dev.sparkway.spark.StreamingStatus;

/**
 * Something that happened to a job, published as a Spring application event once it is recorded: listeners (the
 * transition log, and later live progress streams, metrics, webhooks) subscribe with {@code @EventListener} without
 * the executor knowing them. For one job, events arrive in the order they happened, on the thread that caused them:
 * a listener that is slow should hand off to an executor of its own.
 */
public sealed interface JobEvent {

	String jobId();

	String pipeline();

	/**
	 * The job moved to {@code status}.
	 *
	 * @param durationMs run time so far once it has run (ended jobs), else null
	 * @param error why it ended, if not SUCCEEDED
	 * @param details figures worth a line in the log (e.g. {@code reusedJobId}, a stream's {@code batches}), in order
	 */
	record Transition(String jobId, String pipeline, JobStatus status, Long durationMs, JobError error,
			Map<String, Object> details) implements JobEvent {

		public Transition {
			details = details == null ? Map.of() : details;
		}

	}

	/**
	 * A running job's figures changed: a batch job's Spark progress, or a stream's latest micro-batch figures (the
	 * other null). Published at most a few times a second per job.
	 */
	record Progress(String jobId, String pipeline, JobProgress progress, StreamingStatus streaming)
			implements JobEvent {
	}

}
