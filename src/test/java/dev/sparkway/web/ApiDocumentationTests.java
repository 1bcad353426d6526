package dev.sparkway.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swagger UI loads and the OpenAPI document describes every endpoint with its schemas and error responses, and
 * shows a newcomer real examples: no servlet error operations, a submission per pipeline, jobs in every state, no
 * generated placeholders, every path parameter described.
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
	void showsNoErrorOperations() {
		JsonNode api = get("/v3/api-docs").expect(200).body();

		List<String> paths = new ArrayList<>();
		api.get("paths").fieldNames().forEachRemaining(paths::add);
		assertThat(paths).isNotEmpty().noneMatch(path -> path.startsWith("/error"));
		assertThat(api.get("tags").findValuesAsText("name")).doesNotContain("problem-error-controller");
	}

	@Test
	void everyPipelineHasANamedSubmissionExampleThatIsAValidSubmission() {
		JsonNode api = get("/v3/api-docs").expect(200).body();
		JsonNode examples = api.at("/paths/~1api~1v1~1jobs/post/requestBody/content/application~1json/examples");
		assertThat(examples.size()).as("named examples of POST /api/v1/jobs").isGreaterThanOrEqualTo(5);

		Set<String> pipelines = new HashSet<>();
		boolean availableNow = false;
		for (Map.Entry<String, JsonNode> example : examples.properties()) {
			JsonNode body = example.getValue().get("value");
			assertThat(example.getValue().get("summary").asText()).as(example.getKey()).isNotBlank();
			pipelines.add(body.get("pipeline").asText());
			availableNow |= "availableNow".equals(body.at("/params/trigger").asText());
			// Each example is a submission the server accepts: checked and planned, nothing recorded.
			Reply dryRun = post("/api/v1/jobs?dryRun=true", body.toString());
			assertThat(dryRun.status()).as("dry run of example '%s': %s", example.getKey(), dryRun.text()).isEqualTo(200);
		}
		List<String> catalogue = new ArrayList<>();
		get("/api/v1/pipelines").expect(200).body().forEach(pipeline -> catalogue.add(pipeline.get("name").asText()));
		catalogue.removeIf(name -> name.startsWith("test-")); // the suite's own pipelines
		assertThat(catalogue).contains("retail-sales", "fraud-features", "rfm-segmentation", "tweet-sentiment");
		assertThat(pipelines).containsAll(catalogue);
		assertThat(availableNow).as("an example of tweet-sentiment with trigger availableNow").isTrue();
		assertThat(api.at("/paths/~1api~1v1~1jobs/post/requestBody/content/application~1json/examples").toString())
			.contains("dryRun=true");
	}

	@Test
	void aJobIsShownInEveryStateWithEveryField() {
		JsonNode api = get("/v3/api-docs").expect(200).body();
		JsonNode examples = api
			.at("/paths/~1api~1v1~1jobs~1{id}/get/responses/200/content/application~1json/examples");

		assertThat(names(examples.fieldNames())).containsExactly("QUEUED", "RUNNING", "SUCCEEDED", "FAILED",
				"CANCELLED");
		List<String> fields = names(api.at("/components/schemas/JobResponse/properties").fieldNames());
		for (Map.Entry<String, JsonNode> example : examples.properties()) {
			JsonNode job = example.getValue().get("value");
			assertThat(job.get("status").asText()).isEqualTo(example.getKey());
			assertThat(names(job.fieldNames())).as("fields of the %s example", example.getKey())
				.containsExactlyElementsOf(fields);
		}
		assertThat(examples.at("/RUNNING/value/progress/fraction").asDouble()).isBetween(0.01, 0.99);
		assertThat(examples.at("/SUCCEEDED/value/outputs").size()).isPositive();
		assertThat(examples.at("/FAILED/value/error/type").asText()).isEqualTo("PIPELINE_ERROR");
		assertThat(examples.at("/CANCELLED/value/error/type").asText()).isEqualTo("CANCELLED");
	}

	@Test
	void noObjectIsLeftToGeneratedPlaceholders() {
		Reply docs = get("/v3/api-docs").expect(200);

		// Swagger UI fills a map without an example with "additionalProp1": "string"; each needs a real one, on
		// itself or on what holds it.
		List<String> bare = new ArrayList<>();
		mapsWithoutExample(docs.body().at("/components/schemas"), "#/components/schemas", false, bare);
		mapsWithoutExample(docs.body().get("paths"), "#/paths", false, bare);
		assertThat(bare).isEmpty();
		assertThat(docs.text()).doesNotContain("additionalProp1");
		assertThat(docs.body().at("/paths/~1api~1v1~1jobs~1{id}~1outputs~1{output}~1rows/get/responses/200/content"
				+ "/application~1json/schema/$ref").asText())
			.as("the rows page is not the job list's page")
			.endsWith("/RowsPage");
	}

	@Test
	void everyPathParameterIsDescribedWithAnExample() {
		JsonNode paths = get("/v3/api-docs").expect(200).body().get("paths");

		List<String> undescribed = new ArrayList<>();
		int pathParameters = 0;
		for (Map.Entry<String, JsonNode> path : paths.properties()) {
			for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
				for (JsonNode parameter : operation.getValue().path("parameters")) {
					if ("path".equals(parameter.get("in").asText())) {
						pathParameters++;
						if (parameter.path("description").asText().isBlank() || !parameter.has("example")) {
							undescribed.add(operation.getKey() + " " + path.getKey() + " " + parameter.get("name"));
						}
					}
				}
			}
		}
		assertThat(pathParameters).as("path parameters seen").isGreaterThanOrEqualTo(14);
		assertThat(undescribed).isEmpty();
	}

	private static void mapsWithoutExample(JsonNode node, String where, boolean covered, List<String> bare) {
		if (node.isObject()) {
			boolean hasExample = covered || node.has("example") || node.has("examples");
			JsonNode additional = node.get("additionalProperties");
			if (!hasExample && additional != null && !(additional.isBoolean() && !additional.asBoolean())) {
				bare.add(where);
			}
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				if (!field.getKey().equals("example") && !field.getKey().equals("examples")) {
					mapsWithoutExample(field.getValue(), where + "/" + field.getKey(), hasExample, bare);
				}
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				mapsWithoutExample(node.get(i), where + "/" + i, covered, bare);
			}
		}
	}

	private static List<String> names(Iterator<String> fieldNames) {
		List<String> list = new ArrayList<>();
		fieldNames.forEachRemaining(list::add);
		return list;
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
