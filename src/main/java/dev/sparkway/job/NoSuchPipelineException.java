package dev.sparkway.job;

import dev.sparkway.pipeline.UnknownPipelineException;

/**
 * A pipeline resource that does not exist was asked for (404, unlike a submission naming one, which is a 400).
 */
public class NoSuchPipelineException extends RuntimeException {

	public NoSuchPipelineException(UnknownPipelineException cause) {
		super(cause.getMessage(), cause);
	}

}
