package dev.sparkway.job;

import java.util.Map;

import dev.sparkway.dataset.InvalidInputPathException;
import dev.sparkway.job.JobOutcome.Decision;
import dev.sparkway.job.JobOutcome.Mode;
import dev.sparkway.pipeline.PipelineException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every row of the outcome table, for batch jobs and streams. */
class JobOutcomeTests {

	private static final RuntimeException SPARK_FAILURE = new RuntimeException("Job aborted",
			new IllegalStateException("disk full\n== Physical Plan ==\nScan csv\nProject"));

	private static final Job JOB = Job.queued("job-1", "retail-sales", Map.of(), 60, "tester", null);

	@Test
	void aRunThatEndsByItselfSucceedsAndKeepsItsOutputsInBothModes() {
		assertThat(JobOutcome.decide(Mode.BATCH, null, null, false))
			.isEqualTo(new Decision(JobStatus.SUCCEEDED, null, true));
		assertThat(JobOutcome.decide(Mode.STREAM, null, null, false))
			.isEqualTo(new Decision(JobStatus.SUCCEEDED, null, true));
	}

	@Test
	void aCancelIsCancelledWhateverElseHappenedAndOnlyAStreamKeepsItsOutputs() {
		assertThat(JobOutcome.decide(Mode.BATCH, JobErrorType.CANCELLED, SPARK_FAILURE, true))
			.isEqualTo(new Decision(JobStatus.CANCELLED, JobErrorType.CANCELLED, false));
		assertThat(JobOutcome.decide(Mode.STREAM, JobErrorType.CANCELLED, null, false))
			.isEqualTo(new Decision(JobStatus.CANCELLED, JobErrorType.CANCELLED, true));
	}

	@Test
	void aShutdownInterruptsBatchJobsAndStreamsAlikeAsFailed() {
		assertThat(JobOutcome.decide(Mode.BATCH, JobErrorType.INTERRUPTED, SPARK_FAILURE, false))
			.isEqualTo(new Decision(JobStatus.FAILED, JobErrorType.INTERRUPTED, false));
		assertThat(JobOutcome.decide(Mode.STREAM, JobErrorType.INTERRUPTED, null, true))
			.isEqualTo(new Decision(JobStatus.FAILED, JobErrorType.INTERRUPTED, true));
	}

	@Test
	void aLostContextOutranksATimeoutAndAFailure() {
		assertThat(JobOutcome.decide(Mode.BATCH, JobErrorType.TIMEOUT, SPARK_FAILURE, true))
			.isEqualTo(new Decision(JobStatus.FAILED, JobErrorType.SPARK_CONTEXT_LOST, false));
		assertThat(JobOutcome.decide(Mode.STREAM, null, null, true))
			.isEqualTo(new Decision(JobStatus.FAILED, JobErrorType.SPARK_CONTEXT_LOST, true));
		assertThat(JobOutcome.decide(Mode.BATCH, JobErrorType.SPARK_CONTEXT_LOST, null, false))
			.isEqualTo(new Decision(JobStatus.FAILED, JobErrorType.SPARK_CONTEXT_LOST, false));
	}

	@Test
	void aTimeoutOutranksTheFailureItCaused() {
		assertThat(JobOutcome.decide(Mode.BATCH, JobErrorType.TIMEOUT, SPARK_FAILURE, false))
			.isEqualTo(new Decision(JobStatus.FAILED, JobErrorType.TIMEOUT, false));
		assertThat(JobOutcome.decide(Mode.STREAM, JobErrorType.TIMEOUT, null, false))
			.isEqualTo(new Decision(JobStatus.FAILED, JobErrorType.TIMEOUT, true));
	}

	@Test
	void aFailureIsAnInputErrorWhenAnInputWentAwayAndAPipelineErrorOtherwise() {
		RuntimeException gone = new RuntimeException("wrapped", new InvalidInputPathException("'a.csv' is gone"));
		assertThat(JobOutcome.decide(Mode.BATCH, null, gone, false))
			.isEqualTo(new Decision(JobStatus.FAILED, JobErrorType.INPUT_ERROR, false));
		assertThat(JobOutcome.decide(Mode.BATCH, null, SPARK_FAILURE, false))
			.isEqualTo(new Decision(JobStatus.FAILED, JobErrorType.PIPELINE_ERROR, false));
		assertThat(JobOutcome.decide(Mode.STREAM, null, SPARK_FAILURE, false))
			.isEqualTo(new Decision(JobStatus.FAILED, JobErrorType.PIPELINE_ERROR, true));
	}

	@Test
	void theMessageNamesTheCauseAndForAStreamOnlyItsFirstLines() {
		Decision failed = new Decision(JobStatus.FAILED, JobErrorType.PIPELINE_ERROR, false);
		assertThat(JobOutcome.error(failed, Mode.BATCH, JOB, SPARK_FAILURE).message())
			.isEqualTo("disk full\n== Physical Plan ==\nScan csv\nProject");
		assertThat(JobOutcome.error(failed, Mode.STREAM, JOB, SPARK_FAILURE).message())
			.isEqualTo("disk full == Physical Plan == Scan csv");
		PipelineException own = new PipelineException("bad row 4");
		assertThat(JobOutcome.error(failed, Mode.BATCH, JOB, new RuntimeException(own)).message())
			.isEqualTo("bad row 4");
		assertThat(JobOutcome.unexpected(own)).isFalse();
		assertThat(JobOutcome.unexpected(SPARK_FAILURE)).isTrue();
	}

	@Test
	void theMessageSaysWhatToDo() {
		assertThat(JobOutcome.error(JobOutcome.decide(Mode.BATCH, JobErrorType.TIMEOUT, null, false), Mode.BATCH, JOB,
				null)).isEqualTo(new JobError(JobErrorType.TIMEOUT,
						"Stopped after its timeout of 60 s; give a larger timeoutSeconds."));
		assertThat(JobOutcome.error(JobOutcome.decide(Mode.STREAM, JobErrorType.CANCELLED, null, false), Mode.STREAM,
				JOB, null)).isEqualTo(new JobError(JobErrorType.CANCELLED,
						"Cancelled on request; outputs are as of the last micro-batch."));
		assertThat(JobOutcome.error(JobOutcome.decide(Mode.BATCH, null, null, true), Mode.BATCH, JOB, null).message())
			.contains("POST /api/v1/jobs/job-1/retry");
		assertThat(JobOutcome.error(JobOutcome.decide(Mode.BATCH, null, null, false), Mode.BATCH, JOB, null)).isNull();
	}

}
