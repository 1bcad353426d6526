package dev.sparkway.job;

/**
 * Stable classification of a job's failure.
 */
public enum JobErrorType {

	/** The pipeline itself failed (bad data in {@code fail} mode, a Spark error, ...). */
	PIPELINE_ERROR,
	/** The job ran longer than its timeout and was stopped. */
	TIMEOUT,
	/** The server stopped while the job was queued or running. */
	INTERRUPTED,
	/** A caller cancelled the job. */
	CANCELLED,
	/** The input was valid at submission but could not be read when the job ran. */
	INPUT_ERROR,
	/**
	 * The shared SparkContext stopped under the server while the job ran; the server built a new one, and the job
	 * can be retried.
	 */
	SPARK_CONTEXT_LOST

}
