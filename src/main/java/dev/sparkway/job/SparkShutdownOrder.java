package dev.sparkway.job;

import org.apache.spark.util.ShutdownHookManager;
import scala.runtime.BoxedUnit;

import org.springframework.stereotype.Component;

/**
 * On SIGTERM, Spark's own shutdown hooks would stop the local executor's task pool and the SparkContext at once,
 * concurrently with Spring's graceful shutdown, stalling or failing the jobs that were meant to finish. This hook
 * runs in Spark's hook thread before all of them (a higher priority) and waits until the runner has drained.
 */
@Component
class SparkShutdownOrder {

	/**
	 * Runs first: above the executor's hook (DEFAULT_SHUTDOWN_PRIORITY, 100), which stops the task pool, and the
	 * SparkContext's (SPARK_CONTEXT_SHUTDOWN_PRIORITY, 50).
	 */
	static final int PRIORITY = 10_000;

	SparkShutdownOrder(JobRunner runner) {
		// private[spark] in Scala, public in bytecode: the only way to order work before Spark's own hook.
		ShutdownHookManager.addShutdownHook(PRIORITY, () -> {
			runner.drain();
			return BoxedUnit.UNIT;
		});
	}

}
