package dev.sparkway.dataset;

/**
 * An upload would replace an existing dataset and the caller did not ask to overwrite it.
 */
public class DatasetExistsException extends RuntimeException {

	public DatasetExistsException(String path) {
		super("Dataset '" + path + "' already exists; upload with overwrite=true to replace it.");
	}

}
