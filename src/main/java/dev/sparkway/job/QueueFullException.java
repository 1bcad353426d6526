package dev.sparkway.job;

import java.time.Duration;

/**
 * Every run slot and queue place is taken; the caller should retry later.
 */
public class QueueFullException extends NotAcceptingJobsException {

	public QueueFullException(int capacity, Duration retryAfter) {
		super("The server is at capacity (" + capacity + " jobs running or queued). Retry after "
				+ retryAfter.toSeconds() + " s.", retryAfter);
	}

}
