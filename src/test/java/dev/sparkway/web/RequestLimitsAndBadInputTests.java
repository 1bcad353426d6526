package dev.sparkway.web;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.support.IntegrationTest;
import dev.sparkway.support.SlowTestPipeline;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies are bounded, and inputs that are not what they claim end clearly: a 4xx before queueing, a FAILED job
 * with the reason, or an empty SUCCEEDED job; never a stuck job or a 500.
 */
class RequestLimitsAndBadInputTests extends IntegrationTest {

	private static final String HEADER = "TransactionID,Timestamp,StoreID,ProductID,UserID,Quantity,UnitPrice\n";

	@Test
	void aJsonBodyOverTheLimitIs413WhetherItsLengthIsDeclaredOrNot() throws Exception {
		String big = "{\"pipeline\":\"retail-sales\",\"params\":{\"salesPath\":\"" + "x".repeat(70_000) + "\"}}";

		Reply declared = post("/api/v1/jobs", big);
		declared.expect(413);
		assertThat(declared.contentType()).startsWith("application/problem+json");
		assertThat(declared.body().get("detail").asText()).contains("max-json-body");

		// No Content-Length: the body is streamed in chunks and cut off at the limit.
		HttpResponse<String> chunked = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/jobs"))
				.header("Content-Type", "application/json")
				.header("X-API-Key", ADMIN_KEY)
				.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(chunked.statusCode()).isEqualTo(413);
		assertThat(chunked.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
	}

	@Test
	void anUploadOverTheLimitIs413AndStoresNothing() {
		MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
		byte[] content = (HEADER + "x".repeat(1_100_000)).getBytes();
		parts.add("file", new ByteArrayResource(content) {
			@Override
			public String getFilename() {
				return "big.csv";
			}
		});
		parts.add("name", "too-big");

		Reply reply = exchange(http().post().uri("/api/v1/datasets").contentType(MediaType.MULTIPART_FORM_DATA).body(parts));

		reply.expect(413);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(inputRoot().resolve("uploads/too-big.csv")).doesNotExist();
	}

	@Test
	void aBinaryFileNamedCsvIsRefusedAtSubmission() throws Exception {
		Files.createDirectories(inputRoot().resolve("bad"));
		Files.write(inputRoot().resolve("bad/binary.csv"), new byte[] { (byte) 0xC3, 0x28, 0x00, (byte) 0xFF, 0x01, 0x02 });

		Reply reply = post("/api/v1/jobs", "{\"pipeline\":\"retail-sales\",\"params\":{\"salesPath\":\"bad/binary.csv\"}}");

		reply.expect(400);
		assertThat(reply.body().at("/errors/0/message").asText()).contains("cannot be read as UTF-8 text");
	}

	@Test
	void aHeaderOnlyFileSucceedsEmpty() {
		String path = writeInput("bad/header-only.csv", HEADER);

		JsonNode job = runToSuccess("retail-sales", Map.of("salesPath", path));

		assertThat(job.at("/summary/inputRows").asLong()).isZero();
		assertThat(job.at("/summary/rejectedRows").asLong()).isZero();
		assertThat(job.at("/outputs/0/rowCount").asLong()).isZero();
		assertThat(previewRows(job.get("id").asText(), "daily_sales")).isEmpty();
	}

	@Test
	void aFileWhoseEveryRowIsBadSucceedsEmptyAndCountsThem() {
		String path = writeInput("bad/all-bad.csv", HEADER + "T1,yesterday,1,P,U,1,1.0\nT2,2024-01-01 00:00:00,1,P,U,many,1.0\n");

		JsonNode job = runToSuccess("retail-sales", Map.of("salesPath", path));

		assertThat(job.at("/summary/inputRows").asLong()).isEqualTo(2);
		assertThat(job.at("/summary/rejectedRows").asLong()).isEqualTo(2);
		assertThat(job.at("/outputs/0/rowCount").asLong()).isZero();
	}

	@Test
	void aFileDeletedBetweenSubmissionAndRunFailsWithTheReason() throws Exception {
		String path = writeInput("bad/vanishing.csv", HEADER + "T1,2024-01-01 00:00:00,1,P,U,1,1.0\n");
		// Both run slots busy, so the job waits in the queue while its file goes away.
		List<String> blockers = List.of(submit(SlowTestPipeline.NAME, Map.of("tasks", 1, "taskMillis", 60_000)),
				submit(SlowTestPipeline.NAME, Map.of("tasks", 1, "taskMillis", 60_000)));
		String id = submit("retail-sales", Map.of("salesPath", path));
		try {
			assertThat(get("/api/v1/jobs/" + id).body().get("status").asText()).isEqualTo("QUEUED");
			Files.delete(inputRoot().resolve(path));
		}
		finally {
			blockers.forEach(blocker -> post("/api/v1/jobs/" + blocker + "/cancel"));
		}

		JsonNode job = awaitStatus(id, Duration.ofMinutes(1), "FAILED", "SUCCEEDED");

		assertThat(job.get("status").asText()).isEqualTo("FAILED");
		assertThat(job.at("/error/type").asText()).isEqualTo("INPUT_ERROR");
		assertThat(job.at("/error/message").asText()).contains("vanishing.csv");
	}

}
