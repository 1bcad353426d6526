package dev.sparkway.pipeline;

/**
 * A pipeline failure whose message tells a person what went wrong with the data or parameters.
 */
public class PipelineException extends RuntimeException {

	public PipelineException(String message) {
		super(message);
	}

}
