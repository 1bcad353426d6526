package dev.sparkway.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code "reuse": true}: a job of the same pipeline, effective parameters and unchanged inputs as an earlier
 * SUCCEEDED job takes that job's outputs instead of running; anything else runs.
 */
class JobReuseTests extends IntegrationTest {

	private static final String SALES = """
			TransactionID,Timestamp,StoreID,ProductID,UserID,Quantity,UnitPrice
			T1,2024-01-01 10:00:00,1,P,U,1,2.5
			T2,2024-01-01 11:00:00,1,P,U,2,1.0
			T3,2024-01-02 10:00:00,2,P,U,4,0.5
			""";

	/** SALES with T1's quantity 1 -> 3: same length, other content. */
	private static final String SALES_EDITED = SALES.replace("U,1,2.5", "U,3,2.5");

	/** By hand from SALES: store 1 on 2024-01-01 sells 1*2.5 + 2*1.0 in 2 transactions, store 2 4*0.5 in 1. */
	private static final String DAILY = "[{\"StoreID\":\"1\",\"SaleDate\":\"2024-01-01\",\"TotalDailySales\":4.5,"
			+ "\"TotalDailyTransactions\":2},{\"StoreID\":\"2\",\"SaleDate\":\"2024-01-02\",\"TotalDailySales\":2.0,"
			+ "\"TotalDailyTransactions\":1}]";

	@Test
	void identicalWorkEndsSucceededAtOnceWithTheEarlierJobsOutputs() {
		String path = writeInput("reuse/" + UUID.randomUUID() + "/sales.csv", SALES);
		JsonNode earlier = runToSuccess("retail-sales", Map.of("salesPath", path));

		// The default given explicitly, and the same file spelled another way: the same work.
		Reply reply = submit("{\"pipeline\":\"retail-sales\",\"params\":{\"salesPath\":\"./" + path
				+ "\",\"badRecords\":\"drop\"},\"reuse\":true}").expect(202);

		JsonNode job = reply.body();
		String id = job.get("id").asText();
		assertThat(job.get("status").asText()).isEqualTo("SUCCEEDED");
		assertThat(job.get("reusedJobId").asText()).isEqualTo(earlier.get("id").asText());
		assertThat(job.get("summary")).isEqualTo(earlier.get("summary"));
		assertThat(job.at("/summary/inputRows").asLong()).isEqualTo(3);
		assertThat(job.at("/metrics/inputRecords").asLong()).as("no Spark work ran").isZero();
		assertThat(job.at("/progress/sparkJobs/total").asInt()).isZero();
		assertThat(job.at("/progress/fraction").asDouble()).isEqualTo(1.0);
		assertThat(job.at("/outputs/0/location").asText()).contains("/" + id + "/daily_sales");
		assertThat(job.at("/outputs/0/rowCount").asLong()).isEqualTo(2);
		assertThat(job.at("/links/preview/monthly_sales").asText())
			.isEqualTo("/api/v1/jobs/" + id + "/outputs/monthly_sales/preview");
		assertThat(job.at("/inputs/salesPath/size").asLong()).isEqualTo(SALES.length());
		assertThat(job.at("/inputs/salesPath")).isEqualTo(earlier.at("/inputs/salesPath"));
		assertThat(previewRows(id, "daily_sales").toString()).isEqualTo(DAILY);
		assertThat(previewRows(id, "monthly_sales")).isEqualTo(previewRows(earlier.get("id").asText(), "monthly_sales"));
		assertThat(get("/api/v1/jobs/" + id).expect(200).body().get("reusedJobId").asText())
			.isEqualTo(earlier.get("id").asText());
	}

	@Test
	void theNewestMatchWhoseOutputsAreStillThereIsReused() throws IOException {
		String path = writeInput("reuse/" + UUID.randomUUID() + "/sales.csv", SALES);
		String older = runToSuccess("retail-sales", Map.of("salesPath", path)).get("id").asText();
		String newer = runToSuccess("retail-sales", Map.of("salesPath", path)).get("id").asText();

		JsonNode first = submitReusing(path);
		assertThat(first.get("reusedJobId").asText()).isEqualTo(newer);

		// Both newer matches lose an output, as if removed by hand.
		deleteTree(outputRoot().resolve(first.get("id").asText()).resolve("monthly_sales"));
		deleteTree(outputRoot().resolve(newer).resolve("monthly_sales"));
		JsonNode job = submitReusing(path);

		assertThat(job.get("reusedJobId").asText()).isEqualTo(older);
		assertThat(previewRows(job.get("id").asText(), "daily_sales").toString()).isEqualTo(DAILY);
	}

	@Test
	void aFileChangedInPlaceWithTheSameSizeAndModificationTimeIsReadAnew() throws IOException {
		String path = writeInput("reuse/" + UUID.randomUUID() + "/sales.csv", SALES);
		Path file = inputRoot().resolve(path);
		FileTime modified = Files.getLastModifiedTime(file);
		JsonNode earlier = runToSuccess("retail-sales", Map.of("salesPath", path));

		Files.writeString(file, SALES_EDITED);
		Files.setLastModifiedTime(file, modified);
		assertThat(Files.size(file)).isEqualTo(SALES.length());
		JsonNode job = submit(reuseBody(path)).expect(202).body();

		assertThat(job.get("reusedJobId").isNull()).isTrue();
		JsonNode ended = awaitStatus(job.get("id").asText(), Duration.ofMinutes(2), "SUCCEEDED", "FAILED", "CANCELLED");
		assertThat(ended.get("status").asText()).isEqualTo("SUCCEEDED");
		assertThat(ended.get("reusedJobId").isNull()).isTrue();
		assertThat(ended.at("/metrics/inputRecords").asLong()).isPositive();
		assertThat(ended.at("/inputs/salesPath/sha256").asText())
			.isNotEqualTo(earlier.at("/inputs/salesPath/sha256").asText());
		// Store 1 on 2024-01-01 now sells 3*2.5 + 2*1.0.
		assertThat(previewRows(ended.get("id").asText(), "daily_sales").get(0).get("TotalDailySales").asDouble())
			.isEqualTo(9.5);
	}

	@Test
	void otherEffectiveParametersAreNotReused() {
		String path = writeInput("reuse/" + UUID.randomUUID() + "/sales.csv", SALES);
		runToSuccess("retail-sales", Map.of("salesPath", path));

		JsonNode job = submit("{\"pipeline\":\"retail-sales\",\"params\":{\"salesPath\":\"" + path
				+ "\",\"badRecords\":\"fail\"},\"reuse\":true}").expect(202).body();

		assertThat(job.get("reusedJobId").isNull()).isTrue();
		JsonNode ended = awaitStatus(job.get("id").asText(), Duration.ofMinutes(2), "SUCCEEDED", "FAILED", "CANCELLED");
		assertThat(ended.get("status").asText()).isEqualTo("SUCCEEDED");
		assertThat(ended.at("/metrics/inputRecords").asLong()).isPositive();
	}

	@Test
	void aReusedJobsOutputsSurviveDeletingTheJobItReused() {
		String path = writeInput("reuse/" + UUID.randomUUID() + "/sales.csv", SALES);
		String earlier = runToSuccess("retail-sales", Map.of("salesPath", path)).get("id").asText();
		String id = submitReusing(path).get("id").asText();

		exchange(http().delete().uri("/api/v1/jobs/" + earlier)).expect(204);

		assertThat(outputRoot().resolve(earlier)).doesNotExist();
		assertThat(parquetFiles(outputRoot().resolve(id).resolve("daily_sales"))).isPositive();
		assertThat(previewRows(id, "daily_sales").toString()).isEqualTo(DAILY);
		assertThat(get("/api/v1/jobs/" + id).expect(200).body().get("status").asText()).isEqualTo("SUCCEEDED");
		// A later reuse request finds the reused job itself.
		assertThat(submitReusing(path).get("reusedJobId").asText()).isEqualTo(id);
	}

	@Test
	void withoutTheFlagNothingIsReused() {
		String path = writeInput("reuse/" + UUID.randomUUID() + "/sales.csv", SALES);
		runToSuccess("retail-sales", Map.of("salesPath", path));

		for (String body : new String[] { "{\"pipeline\":\"retail-sales\",\"params\":{\"salesPath\":\"" + path + "\"}}",
				"{\"pipeline\":\"retail-sales\",\"params\":{\"salesPath\":\"" + path + "\"},\"reuse\":false}" }) {
			JsonNode job = submit(body).expect(202).body();
			JsonNode ended = awaitStatus(job.get("id").asText(), Duration.ofMinutes(2), "SUCCEEDED", "FAILED",
					"CANCELLED");
			assertThat(ended.get("status").asText()).isEqualTo("SUCCEEDED");
			assertThat(ended.get("reusedJobId").isNull()).isTrue();
			assertThat(ended.at("/metrics/inputRecords").asLong()).isPositive();
		}
	}

	@Test
	void aRepeatedRequestWithAnIdempotencyKeyReturnsTheReusedJob() {
		String path = writeInput("reuse/" + UUID.randomUUID() + "/sales.csv", SALES);
		String earlier = runToSuccess("retail-sales", Map.of("salesPath", path)).get("id").asText();
		String key = "reuse-" + UUID.randomUUID();

		JsonNode first = submitWithKey(reuseBody(path), key).expect(202).body();
		JsonNode again = submitWithKey(reuseBody(path), key).expect(200).body();

		assertThat(first.get("reusedJobId").asText()).isEqualTo(earlier);
		assertThat(again.get("id").asText()).isEqualTo(first.get("id").asText());
	}

	@Test
	void reuseOfAStreamingPipelineIs400() {
		Reply reply = submit("{\"pipeline\":\"tweet-sentiment\",\"reuse\":true}").expect(400);

		assertThat(reply.body().at("/errors/0/field").asText()).isEqualTo("reuse");
		assertThat(reply.body().at("/errors/0/message").asText()).contains("streaming");
	}

	@Test
	void anUnknownFieldInTheBodyIs400() {
		String path = writeInput("reuse/" + UUID.randomUUID() + "/sales.csv", SALES);

		Reply reply = submit("{\"pipeline\":\"retail-sales\",\"params\":{\"salesPath\":\"" + path
				+ "\"},\"reuze\":true}").expect(400);

		assertThat(reply.body().get("type").asText()).endsWith("/malformed-body");
		assertThat(reply.body().get("detail").asText())
			.isEqualTo("Unknown field 'reuze'; the known fields are: params, pipeline, reuse, timeoutSeconds, webhook");
	}

	private JsonNode submitReusing(String path) {
		JsonNode job = submit(reuseBody(path)).expect(202).body();
		assertThat(job.get("status").asText()).isEqualTo("SUCCEEDED");
		return job;
	}

	private static String reuseBody(String path) {
		return "{\"pipeline\":\"retail-sales\",\"params\":{\"salesPath\":\"" + path + "\"},\"reuse\":true}";
	}

	private Reply submit(String body) {
		return post("/api/v1/jobs", body);
	}

	private Reply submitWithKey(String body, String key) {
		return exchange(http().post()
			.uri("/api/v1/jobs")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Idempotency-Key", key)
			.body(body));
	}

	private static long parquetFiles(Path dir) {
		try (Stream<Path> files = Files.walk(dir)) {
			return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void deleteTree(Path dir) throws IOException {
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
	}

}
