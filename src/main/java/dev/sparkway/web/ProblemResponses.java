package dev.sparkway.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the error responses an endpoint can give; {@link OpenApiConfiguration} documents each as
 * {@code application/problem+json}.
 */
public final class ProblemResponses {

	private ProblemResponses() {
	}

	/** 400: invalid input; the body's {@code errors} name the fields. */
	@Documented
	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.METHOD)
	public @interface BadRequest {

	}

	/** 404: no such job, pipeline or output. */
	@Documented
	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.METHOD)
	public @interface NotFound {

	}

	/** 409: the request does not fit the resource's current state. */
	@Documented
	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.METHOD)
	public @interface Conflict {

	}

	/** 422: the request is well-formed but contradicts an earlier one (an Idempotency-Key reused). */
	@Documented
	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.METHOD)
	public @interface Unprocessable {

	}

	/** 413: the upload is larger than the configured limit. */
	@Documented
	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.METHOD)
	public @interface TooLarge {

	}

	/** 503 with Retry-After: the server is at capacity. */
	@Documented
	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.METHOD)
	public @interface Unavailable {

	}

}
