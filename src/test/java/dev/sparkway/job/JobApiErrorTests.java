package dev.sparkway.job;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a request can be wrong gets a 4xx problem+json that says what to fix, and leaves no job behind.
 */
class JobApiErrorTests extends IntegrationTest {

	private static final String SALES_HEADER = "TransactionID,Timestamp,StoreID,ProductID,UserID,Quantity,UnitPrice\n";

	@Autowired
	JobStore store;

	@Test
	void unknownPipelineIs400ListingTheKnownOnes() {
		long before = store.count(null, null);

		JsonNode problem = problem(post("/api/v1/jobs", "{\"pipeline\":\"retail-salez\"}"), 400);

		assertThat(problem.get("detail").asText()).contains("retail-salez").contains("retail-sales");
		assertThat(problem.at("/errors/0/field").asText()).isEqualTo("pipeline");
		assertThat(store.count(null, null)).isEqualTo(before);
	}

	@Test
	void unknownParameterIs400NamingIt() {
		JsonNode problem = problem(post("/api/v1/jobs", """
				{"pipeline":"retail-sales","params":{"salesPth":"demo/sales.csv"}}"""), 400);

		assertThat(problem.at("/errors/0/field").asText()).isEqualTo("params.salesPth");
		assertThat(problem.at("/errors/0/message").asText()).contains("unknown parameter").contains("salesPath");
	}

	@Test
	void parameterOfTheWrongTypeIs400() {
		JsonNode problem = problem(post("/api/v1/jobs", """
				{"pipeline":"retail-sales","params":{"salesPath": 42, "badRecords": "skip"}}"""), 400);

		assertThat(problem.get("errors")).hasSize(2);
		assertThat(problem.get("errors").toString()).contains("params.salesPath", "must be a string")
			.contains("params.badRecords", "must be one of: drop, fail");
	}

	@Test
	void missingInputFileIs400() {
		JsonNode problem = problem(post("/api/v1/jobs", """
				{"pipeline":"retail-sales","params":{"salesPath":"nowhere/sales.csv"}}"""), 400);

		assertThat(problem.at("/errors/0/field").asText()).isEqualTo("params.salesPath");
		assertThat(problem.at("/errors/0/message").asText()).contains("'nowhere/sales.csv' does not exist");
	}

	@Test
	void inputLackingRequiredColumnsIs400NamingThem() {
		String path = writeInput("errors/no-price.csv", "TransactionID,Timestamp,StoreID,ProductID,Quantity\nT,2024-01-01 00:00:00,1,P,1\n");

		JsonNode problem = problem(post("/api/v1/jobs", "{\"pipeline\":\"retail-sales\",\"params\":{\"salesPath\":\"" + path + "\"}}"), 400);

		assertThat(problem.at("/errors/0/message").asText()).contains("lacks required columns: UnitPrice");
	}

	@Test
	void pathsOutsideTheInputRootAre400AndNeverRead() throws Exception {
		writeInput("errors/ok.csv", SALES_HEADER);
		java.nio.file.Path outside = inputRoot().getParent().resolve("secret.csv");
		java.nio.file.Files.writeString(outside, SALES_HEADER);
		java.nio.file.Path link = inputRoot().resolve("errors/link.csv");
		java.nio.file.Files.deleteIfExists(link);
		java.nio.file.Files.createSymbolicLink(link, outside);

		for (String path : new String[] { "../secret.csv", "errors/../../secret.csv", outside.toString(),
				"errors/link.csv", "errors/ok.csv\u0000", "" }) {
			String body = json.writeValueAsString(Map.of("pipeline", "retail-sales", "params", Map.of("salesPath", path)));
			JsonNode problem = problem(post("/api/v1/jobs", body), 400);
			assertThat(problem.at("/errors/0/field").asText()).as(path).isEqualTo("params.salesPath");
		}
	}

	@Test
	void malformedJsonIs400() {
		JsonNode problem = problem(post("/api/v1/jobs", "{\"pipeline\": \"retail-sales\","), 400);

		assertThat(problem.get("detail").asText()).contains("not valid JSON");
	}

	@Test
	void missingPipelineAndBadTimeoutAre400WithFieldErrors() {
		JsonNode problem = problem(post("/api/v1/jobs", "{\"timeoutSeconds\": 0}"), 400);

		assertThat(problem.get("errors").toString()).contains("pipeline").contains("timeoutSeconds");
	}

	@Test
	void unknownJobIs404() {
		problem(get("/api/v1/jobs/no-such-job"), 404);
		problem(post("/api/v1/jobs/no-such-job/cancel"), 404);
		problem(get("/api/v1/jobs/no-such-job/outputs/daily_sales/preview"), 404);
	}

	@Test
	void unknownPipelineResourceIs404() {
		JsonNode problem = problem(get("/api/v1/pipelines/nope"), 404);

		assertThat(problem.get("detail").asText()).contains("retail-sales");
	}

	@Test
	void previewLimitOutOfRangeIs400() {
		String id = runToSuccess("retail-sales", Map.of("salesPath", writeInput("errors/one.csv",
				SALES_HEADER + "T1,2024-01-01 10:00:00,1,P,U,1,1.0\n"))).get("id").asText();

		problem(get("/api/v1/jobs/" + id + "/outputs/daily_sales/preview?limit=0"), 400);
		JsonNode problem = problem(get("/api/v1/jobs/" + id + "/outputs/daily_sales/preview?limit=1001"), 400);
		assertThat(problem.get("errors").toString()).contains("limit");
		problem(get("/api/v1/jobs/" + id + "/outputs/daily_sales/preview?limit=ten"), 400);
		JsonNode unknown = problem(get("/api/v1/jobs/" + id + "/outputs/weekly_sales/preview"), 404);
		assertThat(unknown.get("detail").asText()).contains("daily_sales, monthly_sales");
	}

	@Test
	void cancelOfAnEndedJobIs409() {
		String id = runToSuccess("retail-sales", Map.of("salesPath", writeInput("errors/two.csv",
				SALES_HEADER + "T1,2024-01-01 10:00:00,1,P,U,1,1.0\n"))).get("id").asText();

		JsonNode problem = problem(post("/api/v1/jobs/" + id + "/cancel"), 409);

		assertThat(problem.get("detail").asText()).contains("SUCCEEDED");
		assertThat(get("/api/v1/jobs/" + id).body().get("status").asText()).isEqualTo("SUCCEEDED");
	}

	@Test
	void previewBeforeSuccessIs409() {
		String id = submit("retail-sales", Map.of("salesPath", writeInput("errors/fails.csv",
				SALES_HEADER + "T1,not a time,1,P,U,1,1.0\n"), "badRecords", "fail"));
		awaitStatus(id, Duration.ofMinutes(2), "FAILED");

		JsonNode problem = problem(get("/api/v1/jobs/" + id + "/outputs/daily_sales/preview"), 409);

		assertThat(problem.get("detail").asText()).contains("FAILED");
	}

	@Test
	void unknownStatusFilterIs400() {
		problem(get("/api/v1/jobs?status=DONE"), 400);
		problem(get("/api/v1/jobs?size=0"), 400);
	}

	@Test
	void unknownRouteIs404ProblemJson() {
		problem(get("/api/v1/nothing-here"), 404);
	}

	private static JsonNode problem(Reply reply, int status) {
		reply.expect(status);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		JsonNode body = reply.body();
		assertThat(body.get("status").asInt()).isEqualTo(status);
		assertThat(body.get("type").asText()).startsWith("https://sparkway.dev/problems/");
		assertThat(body.get("title").asText()).isNotBlank();
		assertThat(body.get("detail").asText()).isNotBlank();
		assertThat(body.get("instance").asText()).startsWith("/api/v1/");
		return body;
	}

}
