package dev.sparkway.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swagger UI loads and the OpenAPI document describes every endpoint with its schemas and error responses.
 */
class ApiDocumentationTests extends IntegrationTest {

	@Test
	void openApiDescribesEveryEndpointAndItsErrors() {
		JsonNode api = get("/v3/api-docs").expect(200).body();

		JsonNode paths = api.get("paths");
		assertThat(paths.has("/api/v1/pipelines")).isTrue();
		assertThat(paths.has("/api/v1/pipelines/{name}")).isTrue();
		assertThat(paths.has("/api/v1/jobs")).isTrue();
		assertThat(paths.has("/api/v1/jobs/{id}")).isTrue();
		assertThat(paths.has("/api/v1/jobs/{id}/cancel")).isTrue();
		assertThat(paths.has("/api/v1/jobs/{id}/outputs/{output}/preview")).isTrue();
		assertThat(paths.has("/api/v1/datasets")).isTrue();
		assertThat(paths.has("/api/v1/jobs/{id}/webhook-deliveries")).isTrue();
		JsonNode rows = paths.at("/~1api~1v1~1jobs~1{id}~1outputs~1{output}~1rows/get");
		assertThat(rows.get("parameters").findValuesAsText("name")).containsExactly("id", "output", "size", "cursor",
				"columns");
		assertThat(rows.at("/responses/400").isMissingNode()).isFalse();
		assertThat(rows.at("/responses/409").isMissingNode()).isFalse();
		assertThat(paths.at("/~1api~1v1~1jobs~1{id}~1outputs~1{output}~1download/get/responses/200/content/text~1csv")
			.isMissingNode()).isFalse();

		JsonNode submit = paths.at("/~1api~1v1~1jobs/post");
		assertThat(submit.at("/requestBody/content/application~1json/schema/$ref").asText())
			.endsWith("SubmitJobRequest");
		assertThat(submit.at("/responses/202/content/application~1json/schema/$ref").asText()).endsWith("JobResponse");
		assertThat(submit.at("/responses/400/content/application~1problem+json/schema/$ref").asText())
			.endsWith("/Problem");
		assertThat(submit.at("/responses/503/headers/Retry-After").isMissingNode()).isFalse();
		assertThat(paths.at("/~1api~1v1~1jobs~1{id}~1cancel/post/responses/409").isMissingNode()).isFalse();
		assertThat(paths.at("/~1api~1v1~1jobs~1{id}/get/responses/404").isMissingNode()).isFalse();
		assertThat(paths.at("/~1api~1v1~1datasets/post/responses/413").isMissingNode()).isFalse();

		JsonNode schemas = api.at("/components/schemas");
		assertThat(schemas.at("/JobResponse/properties").has("progress")).isTrue();
		assertThat(schemas.at("/Problem/properties").has("errors")).isTrue();
		assertThat(schemas.at("/SubmitJobRequest/properties/reuse/default").asBoolean(true)).isFalse();
		assertThat(schemas.at("/SubmitJobRequest/properties/reuse/description").asText()).contains("reusedJobId");
		assertThat(schemas.at("/JobResponse/properties/reusedJobId/description").asText()).contains("reuse");
		assertThat(schemas.at("/JobResponse/properties").has("inputs")).isTrue();
	}

	@Test
	void swaggerUiLoads() {
		Reply index = get("/swagger-ui/index.html");

		assertThat(index.status()).isEqualTo(200);
		assertThat(index.text()).contains("swagger-ui");
		Reply redirect = get("/swagger-ui.html");
		assertThat(redirect.status()).isEqualTo(302);
		assertThat(redirect.headers().getLocation()).hasToString("/swagger-ui/index.html");
	}

}
