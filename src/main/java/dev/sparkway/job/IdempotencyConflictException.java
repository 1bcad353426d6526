package dev.sparkway.job;

/**
 * An Idempotency-Key was reused with a different request body.
 */
public class IdempotencyConflictException extends RuntimeException {

	public IdempotencyConflictException(String key, String jobId) {
		super("Idempotency-Key '" + key + "' was already used for a different request (it created job '" + jobId
				+ "'); use a new key for a new request.");
	}

}
