package dev.sparkway.job;

import java.util.Map;

import dev.sparkway.pipeline.PipelineContext;
import org.apache.spark.sql.SparkSession;

/**
 * What differs between running a batch job and a stream, one instance per job; the {@link JobExecutor} does all
 * the rest (admission, thread, session, Spark scope, stop, timeout, outcome, recording, events).
 */
interface JobWork {

	/**
	 * On the job's thread, inside its Spark scope: runs the pipeline to its end (batch), or starts it and watches
	 * it until it ends or the job is stopped (stream). Throws what made it fail.
	 */
	void run(RunningJob job, PipelineContext context) throws Exception;

	/** The live figures as an event; null before there are any. */
	JobEvent.Progress progress();

	/** The job as read from the store, with its live figures while it runs. */
	Job withLiveFigures(Job job);

	/**
	 * Completes the end the outcome table decided with this mode's outputs and figures, and removes the outputs
	 * it does not keep.
	 * @param session the job's session, null if it never got one
	 */
	JobEnding finish(JobOutcome.Decision decision, JobEnding ending, SparkSession session, boolean contextLost);

	/** Figures for the end's log line. */
	default Map<String, Object> endDetails() {
		return Map.of();
	}

}
