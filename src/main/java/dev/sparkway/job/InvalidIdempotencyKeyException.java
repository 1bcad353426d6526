package dev.sparkway.job;

/**
 * An Idempotency-Key header that cannot be used as a key.
 */
public class InvalidIdempotencyKeyException extends RuntimeException {

	public InvalidIdempotencyKeyException() {
		super("Idempotency-Key must be 1 to 255 printable ASCII characters.");
	}

}
