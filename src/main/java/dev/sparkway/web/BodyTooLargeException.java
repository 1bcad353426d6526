package dev.sparkway.web;

import java.io.IOException;

/**
 * A request body went past {@link HttpProperties#maxJsonBody()} while it was read.
 */
class BodyTooLargeException extends IOException {

	BodyTooLargeException(long limit) {
		super("The request body is larger than " + limit + " bytes (sparkway.http.max-json-body).");
	}

}
