package dev.sparkway.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.sparkway.pipeline.ParameterValidator;
import dev.sparkway.pipeline.Pipeline;
import dev.sparkway.pipeline.PipelineParams;
import dev.sparkway.support.IntegrationTest;
import dev.sparkway.support.Poll;
import dev.sparkway.support.SlowTestPipeline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A shutdown drains the executor in order: no new jobs, queued ones recorded INTERRUPTED, running ones given the
 * grace period, the rest stopped as INTERRUPTED; no record is left QUEUED or RUNNING. An executor of its own (one
 * slot, one queue place) on the suite's SparkSession, so the shared server keeps running.
 */
class JobExecutorShutdownTests extends IntegrationTest {

	@Autowired
	JobStore store;

	@Autowired
	ApplicationContext context;

	@Autowired
	ParameterValidator validator;

	private final Pipeline slow = new SlowTestPipeline();

	private final List<JobExecutor> executors = new ArrayList<>();

	@AfterEach
	void stopThreads() {
		executors.forEach(JobExecutor::destroy);
	}

	@Test
	void drainingLetsRunningJobsFinishWithinTheGraceAndInterruptsTheRest() {
		// A grace far above the job's 1.5 s: the first Spark job of a cold JVM on a loaded machine takes a while.
		JobExecutor runner = runner(Duration.ofSeconds(90));
		Job quick = submit(runner, 1_500);
		Job waiting = submit(runner, 1);
		Poll.until(Duration.ofSeconds(30), "quick job running", () -> status(quick) == JobStatus.RUNNING);

		runner.drain();

		assertThat(status(quick)).isEqualTo(JobStatus.SUCCEEDED);
		Job interrupted = store.find(waiting.id()).orElseThrow();
		assertThat(interrupted.status()).isEqualTo(JobStatus.FAILED);
		assertThat(interrupted.error().type()).isEqualTo(JobErrorType.INTERRUPTED);
		assertThat(interrupted.startedAt()).isNull();
		assertThatThrownBy(() -> submit(runner, 1)).isInstanceOf(NotAcceptingJobsException.class)
			.hasMessageContaining("shutting down");
	}

	@Test
	void aJobStillRunningAfterTheGraceIsStoppedAsInterrupted() {
		JobExecutor runner = runner(Duration.ofSeconds(2));
		Job long_ = submit(runner, 120_000);
		Poll.until(Duration.ofSeconds(30), "long job running", () -> status(long_) == JobStatus.RUNNING);

		runner.drain();

		Job stopped = store.find(long_.id()).orElseThrow();
		assertThat(stopped.status()).isEqualTo(JobStatus.FAILED);
		assertThat(stopped.error().type()).isEqualTo(JobErrorType.INTERRUPTED);
		assertThat(stopped.error().message()).contains("shut down");
		assertThat(outputRoot().resolve(long_.id())).doesNotExist();
	}

	private JobExecutor runner(Duration grace) {
		JobsProperties properties = new JobsProperties(1, 1, Duration.ofMinutes(5), Duration.ofSeconds(10),
				Duration.ofDays(30), Duration.ofHours(1), Duration.ofHours(24), grace);
		JobExecutor executor = TestExecutors.executor(context, properties, new StreamingProperties(1));
		executors.add(executor);
		return executor;
	}

	private Job submit(JobExecutor runner, int taskMillis) {
		PipelineParams params = validator.validate(slow, Map.of("tasks", 1, "taskMillis", taskMillis));
		Job job = Job.queued(UUID.randomUUID().toString(), slow.name(), params.values(), 300, "test", null);
		runner.submit(job, slow, params, null);
		return job;
	}

	private JobStatus status(Job job) {
		return store.find(job.id()).orElseThrow().status();
	}

}
