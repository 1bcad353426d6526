package dev.sparkway.job;

import dev.sparkway.dataset.InvalidInputPathException;
import dev.sparkway.pipeline.PipelineException;

/**
 * The one decision of how a run ended, for batch jobs and streams alike: from the mode, why it was stopped (if it
 * was), its failure (if any) and whether the shared SparkContext was lost under it, to a status, an error type and
 * whether its outputs are kept. Read top to bottom; the first row that applies decides:
 *
 * <pre>
 * stopped because      failure   context lost | status     error type          outputs kept
 * ---------------------------------------------+--------------------------------------------------
 * CANCELLED (request)  any       any          | CANCELLED  CANCELLED           stream: yes, batch: no
 * INTERRUPTED (shutdown) any     any          | FAILED     INTERRUPTED         stream: yes, batch: no
 * any other            any       yes          | FAILED     SPARK_CONTEXT_LOST  stream: yes, batch: no
 * SPARK_CONTEXT_LOST   any       no           | FAILED     SPARK_CONTEXT_LOST  stream: yes, batch: no
 * TIMEOUT              any       no           | FAILED     TIMEOUT             stream: yes, batch: no
 * not stopped          input gone  no         | FAILED     INPUT_ERROR         stream: yes, batch: no
 * not stopped          other     no           | FAILED     PIPELINE_ERROR      stream: yes, batch: no
 * not stopped          none      no           | SUCCEEDED  -                   yes
 * </pre>
 *
 * A stream's outputs are kept however it ends (each version of them is complete); a batch job keeps outputs only
 * when it SUCCEEDED (anything else may be half-written). A job interrupted by a shutdown ends FAILED with error
 * type INTERRUPTED in both modes, as does a job that was queued or running when the server stopped hard: it did
 * not complete, through no request of the caller's.
 */
final class JobOutcome {

	/** How a job runs: to its end, or as a query until stopped. */
	enum Mode {

		BATCH, STREAM

	}

	/** What the table gives. */
	record Decision(JobStatus status, JobErrorType errorType, boolean keepOutputs) {
	}

	private JobOutcome() {
	}

	static Decision decide(Mode mode, JobErrorType stoppedBecause, Throwable failure, boolean contextLost) {
		JobErrorType why = why(stoppedBecause, failure, contextLost);
		JobStatus status = why == null ? JobStatus.SUCCEEDED
				: why == JobErrorType.CANCELLED ? JobStatus.CANCELLED : JobStatus.FAILED;
		return new Decision(status, why, why == null || mode == Mode.STREAM);
	}

	private static JobErrorType why(JobErrorType stoppedBecause, Throwable failure, boolean contextLost) {
		if (stoppedBecause == JobErrorType.CANCELLED || stoppedBecause == JobErrorType.INTERRUPTED) {
			return stoppedBecause;
		}
		if (contextLost || stoppedBecause == JobErrorType.SPARK_CONTEXT_LOST) {
			// Whatever else went wrong on the way, the job failed because its SparkContext went away.
			return JobErrorType.SPARK_CONTEXT_LOST;
		}
		if (stoppedBecause != null) {
			return stoppedBecause;
		}
		if (failure != null) {
			return rootCause(failure) instanceof InvalidInputPathException ? JobErrorType.INPUT_ERROR
					: JobErrorType.PIPELINE_ERROR;
		}
		return null;
	}

	/** The error a caller reads: the type the table gave and what to do about it; null when it SUCCEEDED. */
	static JobError error(Decision decision, Mode mode, Job job, Throwable failure) {
		JobErrorType type = decision.errorType();
		if (type == null) {
			return null;
		}
		boolean stream = mode == Mode.STREAM;
		String message = switch (type) {
			case CANCELLED -> stream ? "Cancelled on request; outputs are as of the last micro-batch."
					: "Cancelled on request.";
			case INTERRUPTED -> stream ? "The server shut down and stopped the stream; outputs are as of the last "
					+ "micro-batch. Submit it again to start over."
					: "The server shut down while the job ran (past sparkway.jobs.shutdown-grace); submit it again.";
			case SPARK_CONTEXT_LOST -> stream ? "The shared SparkContext stopped while the stream ran; the server "
					+ "built a new one. Outputs are as of the last micro-batch; retry the job (POST /api/v1/jobs/"
					+ job.id() + "/retry) to start over."
					: "The shared SparkContext stopped while the job ran; the server built a new one. Retry the job "
							+ "(POST /api/v1/jobs/" + job.id() + "/retry).";
			case TIMEOUT -> "Stopped after its timeout of " + job.timeoutSeconds() + " s; "
					+ (stream ? "outputs are as of the last micro-batch." : "give a larger timeoutSeconds.");
			case INPUT_ERROR, PIPELINE_ERROR -> message(rootCause(failure), stream);
		};
		return new JobError(type, message);
	}

	/** A failure nobody planned for (not a pipeline's own error, nor a gone input): worth a stack trace. */
	static boolean unexpected(Throwable failure) {
		Throwable root = rootCause(failure);
		return !(root instanceof PipelineException || root instanceof InvalidInputPathException);
	}

	/** The cause a caller can act on: the first pipeline or input error on the way down, else the deepest. */
	static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			if (cause instanceof PipelineException || cause instanceof InvalidInputPathException) {
				return cause;
			}
			cause = cause.getCause();
		}
		return cause;
	}

	private static String message(Throwable root, boolean stream) {
		String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
		// Spark's query errors append the plan; the first lines say what went wrong.
		return stream ? message.lines().limit(3).reduce((a, b) -> a + " " + b).orElse(message).strip() : message;
	}

}
