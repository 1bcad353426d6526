package dev.sparkway.job;

import java.time.Duration;

/**
 * Every event stream the server allows ({@code sparkway.http.max-event-streams}) is open; answered 503
 * {@code at-capacity} with {@code Retry-After}, like a full job queue.
 */
public class EventStreamsAtCapacityException extends NotAcceptingJobsException {

	public EventStreamsAtCapacityException(int capacity, Duration retryAfter) {
		super("The server has " + capacity + " event streams open, its limit (sparkway.http.max-event-streams). "
				+ "Retry after " + retryAfter.toSeconds() + " s, or follow jobs with GET /api/v1/jobs meanwhile.",
				retryAfter);
	}

}
