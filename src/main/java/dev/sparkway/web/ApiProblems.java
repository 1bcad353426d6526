package dev.sparkway.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.sparkway.dataset.DatasetExistsException;
import dev.sparkway.dataset.InvalidDatasetException;
import dev.sparkway.job.IdempotencyConflictException;
import dev.sparkway.job.InvalidIdempotencyKeyException;
import dev.sparkway.job.JobConflictException;
import dev.sparkway.job.NoSuchJobException;
import dev.sparkway.job.NoSuchOutputException;
import dev.sparkway.job.OutputNotPreviewableException;
import dev.sparkway.job.NotAcceptingJobsException;
import dev.sparkway.pipeline.InvalidParametersException;
import dev.sparkway.job.NoSuchPipelineException;
import dev.sparkway.pipeline.ParameterError;
import dev.sparkway.pipeline.UnknownPipelineException;
import dev.sparkway.spark.SparkUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place errors become responses: RFC 9457 problem details ({@code application/problem+json}) with a
 * stable {@code type}, a {@code detail} that says what to fix, the request path as {@code instance}, and
 * {@code errors: [{field, message}]} for validation failures. 4xx are logged at WARN without stack traces, 5xx at
 * ERROR with them.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

	static final String TYPE_BASE = "https://sparkway.dev/problems/";

	private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

	@ExceptionHandler(InvalidParametersException.class)
	ResponseEntity<Object> invalidParameters(InvalidParametersException ex, WebRequest request) {
		return invalid(ex, ex.errors(), null, request);
	}

	@ExceptionHandler(UnknownPipelineException.class)
	ResponseEntity<Object> unknownPipeline(UnknownPipelineException ex, WebRequest request) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "unknown-pipeline", "Unknown pipeline",
				ex.getMessage());
		problem.setProperty("errors", List.of(new ParameterError("pipeline", ex.getMessage())));
		return respond(ex, problem, null, request);
	}

	@ExceptionHandler({ NoSuchJobException.class, NoSuchOutputException.class, NoSuchPipelineException.class })
	ResponseEntity<Object> notFound(RuntimeException ex, WebRequest request) {
		return respond(ex, problem(HttpStatus.NOT_FOUND, "not-found", "Not found", ex.getMessage()), null, request);
	}

	@ExceptionHandler({ JobConflictException.class, DatasetExistsException.class })
	ResponseEntity<Object> conflict(RuntimeException ex, WebRequest request) {
		return respond(ex, problem(HttpStatus.CONFLICT, "conflict", "Conflict with the current state",
				ex.getMessage()), null, request);
	}

	@ExceptionHandler(IdempotencyConflictException.class)
	ResponseEntity<Object> idempotencyConflict(IdempotencyConflictException ex, WebRequest request) {
		return respond(ex, problem(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused",
				"Idempotency-Key reused with a different request", ex.getMessage()), null, request);
	}

	@ExceptionHandler({ OutputNotPreviewableException.class, InvalidDatasetException.class,
			InvalidIdempotencyKeyException.class })
	ResponseEntity<Object> badRequest(RuntimeException ex, WebRequest request) {
		return respond(ex, problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", ex.getMessage()),
				null, request);
	}

	@ExceptionHandler(NotAcceptingJobsException.class)
	ResponseEntity<Object> notAccepting(NotAcceptingJobsException ex, WebRequest request) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ex.retryAfter().toSeconds())));
		return respond(ex, problem(HttpStatus.SERVICE_UNAVAILABLE, "at-capacity", "At capacity", ex.getMessage()),
				headers, request);
	}

	@ExceptionHandler(SparkUnavailableException.class)
	ResponseEntity<Object> sparkUnavailable(SparkUnavailableException ex, WebRequest request) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, "5");
		return respond(ex, problem(HttpStatus.SERVICE_UNAVAILABLE, "spark-unavailable", "Spark unavailable",
				ex.getMessage()), headers, request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
		return respond(ex, problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal server error",
				"The server failed to handle the request; the failure is logged."), null, request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<ParameterError> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map(e -> new ParameterError(e.getField(), message(e)))
			.toList();
		return invalid(ex, errors, headers, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<ParameterError> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap(result -> result.getResolvableErrors()
				.stream()
				.map(error -> new ParameterError(result.getMethodParameter().getParameterName(), message(error))))
			.toList();
		return invalid(ex, errors, headers, request);
	}

	/** 400 listing every invalid field. */
	private ResponseEntity<Object> invalid(Exception ex, List<ParameterError> errors, @Nullable HttpHeaders headers,
			WebRequest request) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				describe(errors.size()));
		problem.setProperty("errors", errors);
		return respond(ex, problem, headers, request);
	}

	/** A query parameter or header it cannot convert; for a choice (e.g. {@code status}), the allowed values. */
	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName()
				: ex.getPropertyName();
		Class<?> type = ex.getRequiredType();
		String message = "'" + ex.getValue() + "' is not "
				+ (type != null && type.isEnum() ? "one of " + String.join(", ",
						java.util.Arrays.stream(type.getEnumConstants()).map(String::valueOf).toList())
						+ " (exactly so, upper case)"
						: "a valid " + (type == null ? "value" : type.getSimpleName().toLowerCase(java.util.Locale.ROOT)));
		return invalid(ex, List.of(new ParameterError(name, message)), headers, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (ex.getMostSpecificCause() instanceof BodyTooLargeException tooLarge) {
			return respond(ex, problem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Request body too large",
					tooLarge.getMessage()), headers, request);
		}
		if (ex.getMostSpecificCause() instanceof UnrecognizedPropertyException unknown) {
			return respond(ex, problem(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
					"Unknown field '" + unknown.getPropertyName() + "'; the known fields are: "
							+ String.join(", ", unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList())),
					headers, request);
		}
		String cause = ex.getMostSpecificCause().getMessage();
		String firstLine = cause == null ? "" : cause.lines().findFirst().orElse("");
		return respond(ex, problem(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
				"The body is not valid JSON of the expected shape: " + firstLine), headers, request);
	}

	/** Every problem Spring MVC itself raises (404 route, 405, 415, ...) gets a type and an instance too. */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
		if (response == null) {
			return null;
		}
		if (response.getBody() instanceof ProblemDetail problem) {
			if (problem.getType() == null || URI.create("about:blank").equals(problem.getType())) {
				problem.setType(URI.create(TYPE_BASE + slug(statusCode)));
			}
			fillInstance(problem, request);
		}
		log(ex, statusCode);
		return ResponseEntity.status(response.getStatusCode())
			.headers(response.getHeaders())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(response.getBody());
	}

	private ResponseEntity<Object> respond(Exception ex, ProblemDetail problem, @Nullable HttpHeaders headers,
			WebRequest request) {
		fillInstance(problem, request);
		log(ex, HttpStatusCode.valueOf(problem.getStatus()));
		return ResponseEntity.status(problem.getStatus())
			.headers(headers == null ? new HttpHeaders() : headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + type));
		problem.setTitle(title);
		return problem;
	}

	private static void fillInstance(ProblemDetail problem, WebRequest request) {
		if (problem.getInstance() == null && request instanceof ServletWebRequest servlet) {
			HttpServletRequest http = servlet.getRequest();
			try {
				problem.setInstance(URI.create(http.getRequestURI().replace(" ", "%20")));
			}
			catch (IllegalArgumentException notAUri) {
				// Leave it out rather than fail the error response.
			}
		}
	}

	private static void log(Exception ex, HttpStatusCode status) {
		// A 503 (at capacity, shutting down) is a state the caller handles, not a server fault.
		if (status.is5xxServerError() && status.value() != 503) {
			log.error("{} answered {}", ex.getClass().getSimpleName(), status.value(), ex);
		}
		else {
			log.warn("{} answered {}: {}", ex.getClass().getSimpleName(), status.value(), ex.getMessage());
		}
	}

	private static String describe(int errors) {
		return "The request has " + errors + (errors == 1 ? " invalid field" : " invalid fields")
				+ "; see errors for what to fix.";
	}

	private static String message(MessageSourceResolvable error) {
		if (error instanceof FieldError field && field.getRejectedValue() != null) {
			return error.getDefaultMessage() + " (was " + field.getRejectedValue() + ")";
		}
		return error.getDefaultMessage();
	}

	private static final Map<Integer, String> SLUGS = Map.of(400, "invalid-request", 404, "not-found", 405,
			"method-not-allowed", 406, "not-acceptable", 409, "conflict", 413, "payload-too-large", 415,
			"unsupported-media-type", 503, "unavailable");

	static String slug(HttpStatusCode status) {
		return SLUGS.getOrDefault(status.value(), "http-" + status.value());
	}

}
