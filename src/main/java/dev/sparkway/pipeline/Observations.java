package dev.sparkway.pipeline;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import dev.sparkway.spark.RepeatedWorkListener;
import dev.sparkway.spark.SparkJobScope;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an {@link Observation} without ever blocking for good, and never trusts one that counted twice.
 * <p>
 * Spark reports observed metrics only if the node that collects them ran in the plan that finally executed; when an
 * optimisation removes it (an empty input, for one), {@code Observation.get} would wait forever. And Spark 3.5 adds
 * up the metrics of every successful task attempt: when a task runs again (its executor was lost with the map
 * output it had written, or a stage was attempted again), its rows count twice (measured on a standalone cluster:
 * 809,262 input rows observed for 800,000 after an executor was killed). In both cases a fallback computes the
 * figures by a pass of its own, whose result Spark counts once ({@link RepeatedWorkListener} tells when work ran
 * again).
 */
public final class Observations {

	/** Metrics arrive through the listener bus right after the action: seconds are plenty. */
	static final Duration WAIT = Duration.ofSeconds(10);

	private static final Logger log = LoggerFactory.getLogger(Observations.class);

	private static final ExecutorService WAITERS = Executors.newCachedThreadPool(r -> {
		Thread thread = new Thread(r, "sparkway-observation-wait");
		thread.setDaemon(true);
		return thread;
	});

	private Observations() {
	}

	/**
	 * The observed metrics, or those of the fallback when Spark did not report them or any Spark task of the job
	 * (the {@link SparkJobScope} of this thread) ran more than once. Call on the job's thread, only after an action that
	 * included the observed dataset has completed.
	 */
	public static Map<String, Object> get(SparkSession session, Observation observation,
			Supplier<Map<String, Object>> fallback) throws InterruptedException {
		Map<String, Object> metrics = observed(observation);
		String group = SparkJobScope.currentJob(session.sparkContext());
		if (metrics != null && RepeatedWorkListener.INSTANCE.ranAgain(group)) {
			log.info("Observed metrics {} not used: a Spark task or stage of this job ran again, so they may count "
					+ "rows twice; counting by a separate pass", metrics);
			return fallback.get();
		}
		return metrics == null ? fallback.get() : metrics;
	}

	/** The observed metrics, or null when Spark did not report them in time. */
	private static Map<String, Object> observed(Observation observation) throws InterruptedException {
		CompletableFuture<Map<String, Object>> metrics = CompletableFuture.supplyAsync(() -> {
			try {
				return observation.getAsJava();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}, WAITERS);
		try {
			return metrics.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			// The waiting thread stays parked on the observation; its (daemon) thread is the only cost.
			metrics.cancel(true);
			return null;
		}
	}

}
