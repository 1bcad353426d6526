package dev.sparkway.job;

import java.time.Duration;

import dev.sparkway.spark.JobProgressListener;
import dev.sparkway.spark.JobSessions;
import dev.sparkway.spark.SparkSessionHolder;
import dev.sparkway.support.Poll;

import org.springframework.context.ApplicationContext;

/** Job executors of a test's own, with limits of its own, on the suite's SparkSession, store and events. */
final class TestExecutors {

	private TestExecutors() {
	}

	/**
	 * Waits until every streaming slot of the suite's executor is free: a test that needs them all starts after the
	 * streams earlier tests cancelled have ended and given theirs back.
	 */
	static void awaitFreeStreamSlots(ApplicationContext context) {
		JobExecutor executor = context.getBean(JobExecutor.class);
		int slots = context.getBean(StreamingProperties.class).maxConcurrent();
		Poll.until(Duration.ofSeconds(60), "every streaming slot free", () -> executor.freeStreamSlots() == slots);
	}

	static JobExecutor executor(ApplicationContext context, JobsProperties jobs, StreamingProperties streaming) {
		return new JobExecutor(context.getBean(JobTransitions.class), context.getBean(JobStore.class),
				context.getBean(JobSessions.class), context.getBean(SparkSessionHolder.class),
				context.getBean(JobProgressListener.class), context.getBean(JobOutputs.class),
				context.getBean(InputIdentities.class), jobs, streaming,
				context.getBean(JobPlans.class), context.getBean(JobStages.class),
				context.getBean(dev.sparkway.spark.SparkProperties.class));
	}

}
