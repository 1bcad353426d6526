package dev.sparkway.job;

import java.util.Collection;

/**
 * A job's pipeline has no output of the given name.
 */
public class NoSuchOutputException extends RuntimeException {

	public NoSuchOutputException(String jobId, String output, Collection<String> known) {
		super("Job '" + jobId + "' has no output '" + output + "'. Its outputs are: " + String.join(", ", known)
				+ ".");
	}

}
