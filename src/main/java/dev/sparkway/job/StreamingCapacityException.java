package dev.sparkway.job;

import java.time.Duration;

/**
 * Every streaming slot is taken ({@code sparkway.streaming.max-concurrent}); the caller should retry later.
 */
public class StreamingCapacityException extends NotAcceptingJobsException {

	public StreamingCapacityException(int capacity, Duration retryAfter) {
		super("The server is running its limit of " + capacity
				+ " streaming jobs (sparkway.streaming.max-concurrent); cancel one or retry after "
				+ retryAfter.toSeconds() + " s.", retryAfter);
	}

}
