package dev.sparkway.pipeline;

import java.util.Collection;

/**
 * No pipeline has the requested name.
 */
public class UnknownPipelineException extends RuntimeException {

	private final String name;

	public UnknownPipelineException(String name, Collection<String> known) {
		super("Unknown pipeline '" + name + "'. Known pipelines: " + String.join(", ", known) + ".");
		this.name = name;
	}

	public String name() {
		return name;
	}

}
