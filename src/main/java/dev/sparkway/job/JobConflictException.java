package dev.sparkway.job;

/**
 * The request does not fit the job's current status (cancel of an ended job, preview before success, ...).
 */
public class JobConflictException extends RuntimeException {

	public JobConflictException(String message) {
		super(message);
	}

}
