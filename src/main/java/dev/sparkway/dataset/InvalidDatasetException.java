package dev.sparkway.dataset;

/**
 * An upload cannot be stored as a dataset (bad name, empty file, no CSV header).
 */
public class InvalidDatasetException extends RuntimeException {

	public InvalidDatasetException(String message) {
		super(message);
	}

}
