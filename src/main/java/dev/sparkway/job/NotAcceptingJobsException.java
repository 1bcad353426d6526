package dev.sparkway.job;

import java.time.Duration;

/**
 * The server cannot take a job now (at capacity, or shutting down); the caller should retry later.
 */
public class NotAcceptingJobsException extends RuntimeException {

	private final Duration retryAfter;

	public NotAcceptingJobsException(String message, Duration retryAfter) {
		super(message);
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return retryAfter;
	}

}
