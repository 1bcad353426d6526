package dev.sparkway.job;

/**
 * No job has the given id.
 */
public class NoSuchJobException extends RuntimeException {

	public NoSuchJobException(String id) {
		super("No job with id '" + id + "'.");
	}

}
