package dev.sparkway.spark;

import java.time.Instant;

/**
 * One attempt of a Spark stage a Sparkway job ran, as {@link JobProgressListener} saw it.
 *
 * @param stageId Spark's stage id (numbered per SparkContext)
 * @param attempt 0 for the first attempt; a stage re-run after a lost shuffle output is a new attempt
 * @param name Spark's name for the stage: the action and the line of code that made it
 * @param status where the attempt is
 * @param numTasks tasks of the attempt
 * @param completedTasks tasks that succeeded
 * @param failedTasks tasks that failed or were killed
 * @param submittedAt when Spark submitted it; null while pending or when skipped
 * @param completedAt when it ended; null until then
 * @param durationMs from submission to its end, or to now while it is active; null when it never ran
 */
public record SparkStage(int stageId, int attempt, String name, Status status, int numTasks, int completedTasks,
		int failedTasks, Instant submittedAt, Instant completedAt, Long durationMs) {

	/** Stage attempts kept per Sparkway job, the latest (the Spark UI keeps 200 stages for the whole application by default). */
	public static final int MAX_PER_JOB = 200;

	/** Where a stage attempt is, with the words the Spark UI uses. */
	public enum Status {

		/** Part of a running Spark job, not submitted yet. */
		PENDING,
		/** Submitted, tasks running. */
		ACTIVE,
		/** Every task succeeded. */
		COMPLETE,
		/** Failed or cancelled. */
		FAILED,
		/** Never ran: its output was already there (a shuffle reused from an earlier Spark job), or its Spark job ended first. */
		SKIPPED

	}

}
