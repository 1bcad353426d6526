package dev.sparkway.spark;

/**
 * No running Spark session is available: the context stopped and a new one is not (yet) built, or the server is
 * shutting down.
 */
public class SparkUnavailableException extends RuntimeException {

	public SparkUnavailableException(String message) {
		super(message);
	}

}
