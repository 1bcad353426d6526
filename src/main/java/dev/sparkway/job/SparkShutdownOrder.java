package dev.sparkway.job;

import org.apache.spark.util.ShutdownHookManager;
import scala.runtime.BoxedUnit;

import org.springframework.stereotype.Component;

/**
 * On SIGTERM, Spark's own shutdown hook would stop the SparkContext at once, concurrently with Spring's graceful
 * shutdown, failing the jobs that were meant to finish. This hook runs in Spark's hook thread before the
 * context's (a higher priority) and waits until the runner has drained.
 */
@Component
class SparkShutdownOrder {

	/** Above SPARK_CONTEXT_SHUTDOWN_PRIORITY (50): runs first. */
	static final int PRIORITY = 100;

	SparkShutdownOrder(JobRunner runner) {
		// private[spark] in Scala, public in bytecode: the only way to order work before Spark's own hook.
		ShutdownHookManager.addShutdownHook(PRIORITY, () -> {
			runner.drain();
			return BoxedUnit.UNIT;
		});
	}

}
