package dev.sparkway.job;

/**
 * The output exists but is not a table (a saved model), so it has no rows to preview.
 */
public class OutputNotPreviewableException extends RuntimeException {

	public OutputNotPreviewableException(String output, String format) {
		super("Output '" + output + "' is a " + format + " (a saved model, not a table): it has no rows to preview; "
				+ "load it from its location instead.");
	}

}
