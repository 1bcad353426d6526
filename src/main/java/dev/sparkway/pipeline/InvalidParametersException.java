package dev.sparkway.pipeline;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A submission's parameters do not fit the pipeline; every problem found is listed, not just the first.
 */
public class InvalidParametersException extends RuntimeException {

	private final List<ParameterError> errors;

	public InvalidParametersException(List<ParameterError> errors) {
		super(errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
		this.errors = List.copyOf(errors);
	}

	public List<ParameterError> errors() {
		return errors;
	}

}
