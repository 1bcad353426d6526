package dev.sparkway.job;

import dev.sparkway.spark.JobProgressListener;
import dev.sparkway.spark.JobSessions;
import dev.sparkway.spark.SparkSessionHolder;

import org.springframework.context.ApplicationContext;

/** Job executors of a test's own, with limits of its own, on the suite's SparkSession, store and events. */
final class TestExecutors {

	private TestExecutors() {
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
