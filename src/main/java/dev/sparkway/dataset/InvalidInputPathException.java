package dev.sparkway.dataset;

/**
 * An input path given by a caller cannot be used: it leaves the input root, does not exist, or is not a file.
 */
public class InvalidInputPathException extends RuntimeException {

	public InvalidInputPathException(String message) {
		super(message);
	}

}
