package dev.sparkway.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Polling with a deadline: the only way tests wait.
 */
public final class Poll {

	private static final long INTERVAL_MS = 100;

	private Poll() {
	}

	/** Waits until the condition holds, failing with the description after the deadline. */
	public static void until(Duration deadline, String description, BooleanSupplier condition) {
		long end = System.nanoTime() + deadline.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > end) {
				throw new AssertionError("Not within " + deadline + ": " + description);
			}
			pause();
		}
	}

	static void pause() {
		try {
			Thread.sleep(INTERVAL_MS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted while polling", ex);
		}
	}

}
