package dev.sparkway.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.sparkway.pipeline.PipelineOutput;
import dev.sparkway.spark.JobMetrics;
import dev.sparkway.spark.JobProgress;
import dev.sparkway.spark.StreamingStatus;

/**
 * How a job ended, as the job store records it: the final status and when, and whatever of the outcome there is
 * (null: nothing to record). Built with {@link #of} and the {@code with…} steps, so a caller names what it has.
 */
public record JobEnding(JobStatus status, Instant at, JobError error, List<PipelineOutput> outputs,
		Map<String, Object> summary, JobProgress progress, JobMetrics metrics, StreamingStatus streaming) {

	public JobEnding {
		if (!status.isEnded()) {
			throw new IllegalArgumentException(status + " is not an end");
		}
	}

	/** An end with no outcome but its error (null when it SUCCEEDED). */
	public static JobEnding of(JobStatus status, Instant at, JobError error) {
		return new JobEnding(status, at, error, null, null, null, null, null);
	}

	/** This end, with the outputs it lists and its summary figures. */
	public JobEnding withOutputs(List<PipelineOutput> endOutputs, Map<String, Object> endSummary) {
		return new JobEnding(status, at, error, endOutputs, endSummary, progress, metrics, streaming);
	}

	/** This end, with the job's final Spark progress and metrics. */
	public JobEnding withFigures(JobProgress endProgress, JobMetrics endMetrics) {
		return new JobEnding(status, at, error, outputs, summary, endProgress, endMetrics, streaming);
	}

	/** This end, with a streaming job's last figures. */
	public JobEnding withStreaming(StreamingStatus endStreaming) {
		return new JobEnding(status, at, error, outputs, summary, progress, metrics, endStreaming);
	}

}
