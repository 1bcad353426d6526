package dev.sparkway.web;

import java.lang.annotation.Annotation;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description: API info, the RFC 9457 problem schema, and every error response declared with
 * {@link ProblemResponses} on the endpoints.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String PROBLEM = "Problem";

	static final String API_KEY = "apiKey";

	static final String BEARER = "bearer";

	@Bean
	OpenAPI sparkwayOpenApi() {
		Schema<?> fieldError = new Schema<>().type("object")
			.addProperty("field", new Schema<String>().type("string").example("params.salesPath"))
			.addProperty("message", new Schema<String>().type("string").example("'x.csv' does not exist under the input root"));
		Schema<?> problem = new Schema<>().type("object")
			.description("RFC 9457 problem details")
			.addProperty("type", new Schema<String>().type("string").format("uri").example(ApiProblems.TYPE_BASE + "invalid-request"))
			.addProperty("title", new Schema<String>().type("string").example("Invalid request"))
			.addProperty("status", new IntegerSchema().example(400))
			.addProperty("detail", new Schema<String>().type("string").example("The request has 1 invalid field."))
			.addProperty("instance", new Schema<String>().type("string").format("uri").example("/api/v1/jobs"))
			.addProperty("errors", new Schema<>().type("array").items(fieldError)
				.description("For validation failures: each field and what to fix"));
		return new OpenAPI()
			.addSecurityItem(new SecurityRequirement().addList(API_KEY))
			.addSecurityItem(new SecurityRequirement().addList(BEARER))
			.info(new Info().title("Sparkway API")
				.version("v1")
				.description("Runs named Spark pipelines as asynchronous jobs on one shared SparkSession. "
						+ "Every error is application/problem+json (RFC 9457)."))
			.components(new Components().addSchemas(PROBLEM, problem)
				.addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
					.in(SecurityScheme.In.HEADER)
					.name("X-API-Key")
					.description("An API key (when sparkway.security.enabled is true)"))
				.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.description("The same API key as 'Authorization: Bearer <key>'")));
	}

	private static ApiResponse problemResponse(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType("application/problem+json",
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
	}

	@Bean
	OperationCustomizer problemResponses() {
		return (operation, handler) -> {
			ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
			Map<Class<? extends Annotation>, String[]> declared = Map.of(
					ProblemResponses.BadRequest.class, new String[] { "400", "Invalid request: see detail and errors" },
					ProblemResponses.NotFound.class, new String[] { "404", "No such job, pipeline or output" },
					ProblemResponses.Conflict.class, new String[] { "409", "Conflicts with the current state" },
					ProblemResponses.TooLarge.class, new String[] { "413", "Body larger than the configured limit" },
					ProblemResponses.Unprocessable.class, new String[] { "422", "Idempotency-Key reused with a different request" },
					ProblemResponses.Unavailable.class, new String[] { "503", "At capacity; retry after Retry-After seconds" });
			declared.forEach((annotation, response) -> {
				if (handler.hasMethodAnnotation(annotation)) {
					ApiResponse api = problemResponse(response[1]);
					if (annotation == ProblemResponses.Unavailable.class) {
						api.addHeaderObject("Retry-After", new Header().description("Seconds to wait")
							.schema(new IntegerSchema()));
					}
					responses.addApiResponse(response[0], api);
				}
			});
			// Every API endpoint may answer these when API keys are required.
			responses.addApiResponse("401", problemResponse("Missing or unknown API key"));
			responses.addApiResponse("403", problemResponse("The API key lacks the role this request needs"));
			operation.setResponses(responses);
			return operation;
		};
	}

}
