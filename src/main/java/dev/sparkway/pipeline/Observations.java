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

import org.apache.spark.sql.Observation;

/**
 * Reads an {@link Observation} without ever blocking for good. Spark reports observed metrics only if the node
 * that collects them ran in the plan that finally executed; when an optimisation removes it (an empty input, for
 * one), {@code Observation.get} would wait forever. Here the wait is bounded and a fallback computes the figures.
 */
public final class Observations {

	/** Metrics arrive through the listener bus right after the action: seconds are plenty. */
	static final Duration WAIT = Duration.ofSeconds(10);

	private static final ExecutorService WAITERS = Executors.newCachedThreadPool(r -> {
		Thread thread = new Thread(r, "sparkway-observation-wait");
		thread.setDaemon(true);
		return thread;
	});

	private Observations() {
	}

	/**
	 * The observed metrics, or those of the fallback when Spark did not report them. Call only after an action
	 * that included the observed dataset has completed.
	 */
	public static Map<String, Object> get(Observation observation, Supplier<Map<String, Object>> fallback)
			throws InterruptedException {
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
			return fallback.get();
		}
	}

}
