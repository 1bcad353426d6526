package dev.sparkway.job;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.support.IntegrationTest;
import dev.sparkway.support.SlowTestPipeline;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that are retried or repeated: idempotent submits, retry, delete and retention.
 */
class JobManagementTests extends IntegrationTest {

	private static final String SALES = """
			TransactionID,Timestamp,StoreID,ProductID,UserID,Quantity,UnitPrice
			T1,2024-01-01 10:00:00,1,P,U,1,1.0
			""";

	@Autowired
	JobStore store;

	@Autowired
	JobService jobs;

	@Test
	void theSameIdempotencyKeyAndBodyReturnTheOriginalJob() {
		String path = writeInput("manage/idem.csv", SALES);
		String key = "idem-" + UUID.randomUUID();
		String body = "{\"pipeline\":\"retail-sales\",\"params\":{\"salesPath\":\"" + path + "\",\"badRecords\":\"drop\"}}";
		long before = store.count(null, null);

		Reply first = postWithKey(body, key).expect(202);
		// The same request with its keys in another order is the same request.
		Reply again = postWithKey("{\"params\":{\"badRecords\":\"drop\",\"salesPath\":\"" + path
				+ "\"},\"pipeline\":\"retail-sales\"}", key).expect(200);

		assertThat(again.body().get("id").asText()).isEqualTo(first.body().get("id").asText());
		assertThat(again.headers().getFirst(HttpHeaders.LOCATION)).isEqualTo("/api/v1/jobs/" + first.body().get("id").asText());
		assertThat(store.count(null, null)).isEqualTo(before + 1);
		awaitStatus(first.body().get("id").asText(), Duration.ofMinutes(2), "SUCCEEDED");
	}

	@Test
	void theSameIdempotencyKeyWithAnotherBodyIs422() {
		String path = writeInput("manage/idem2.csv", SALES);
		String key = "idem-" + UUID.randomUUID();
		String id = postWithKey("{\"pipeline\":\"retail-sales\",\"params\":{\"salesPath\":\"" + path + "\"}}", key)
			.expect(202)
			.body()
			.get("id")
			.asText();

		Reply other = postWithKey("{\"pipeline\":\"retail-sales\",\"params\":{\"salesPath\":\"" + path
				+ "\",\"badRecords\":\"fail\"}}", key);

		other.expect(422);
		assertThat(other.contentType()).startsWith("application/problem+json");
		assertThat(other.body().get("detail").asText()).contains(key).contains(id);
		awaitStatus(id, Duration.ofMinutes(2), "SUCCEEDED");
	}

	@Test
	void anUnusableIdempotencyKeyIs400() {
		postWithKey("{\"pipeline\":\"retail-sales\"}", "x".repeat(256)).expect(400);
	}

	@Test
	void retrySubmitsANewJobThatLinksBack() {
		String path = writeInput("manage/retry.csv", SALES);
		String original = runToSuccess("retail-sales", Map.of("salesPath", path)).get("id").asText();

		Reply retried = post("/api/v1/jobs/" + original + "/retry").expect(202);

		String id = retried.body().get("id").asText();
		assertThat(id).isNotEqualTo(original);
		assertThat(retried.body().get("retryOf").asText()).isEqualTo(original);
		assertThat(retried.body().get("params").toString()).isEqualTo(get("/api/v1/jobs/" + original).body().get("params").toString());
		JsonNode done = awaitStatus(id, Duration.ofMinutes(2), "SUCCEEDED");
		assertThat(done.get("retryOf").asText()).isEqualTo(original);
		assertThat(done.get("submittedBy").asText()).isEqualTo(ADMIN_KEY_NAME);
	}

	@Test
	void deleteRemovesAnEndedJobAndItsOutputsButNotARunningOne() {
		String path = writeInput("manage/delete.csv", SALES);
		String ended = runToSuccess("retail-sales", Map.of("salesPath", path)).get("id").asText();
		assertThat(outputRoot().resolve(ended)).exists();

		exchange(http().delete().uri("/api/v1/jobs/" + ended)).expect(204);

		get("/api/v1/jobs/" + ended).expect(404);
		assertThat(outputRoot().resolve(ended)).doesNotExist();

		String running = submit(SlowTestPipeline.NAME, Map.of("tasks", 1, "taskMillis", 60_000));
		try {
			exchange(http().delete().uri("/api/v1/jobs/" + running)).expect(409);
			assertThat(get("/api/v1/jobs/" + running).expect(200).body().get("status").asText()).isIn("QUEUED", "RUNNING");
		}
		finally {
			post("/api/v1/jobs/" + running + "/cancel");
			awaitStatus(running, Duration.ofSeconds(60), "CANCELLED");
		}
	}

	@Test
	void retentionRemovesEndedJobsOlderThanThePeriodAndKeepsNewerOnes() {
		String old = UUID.randomUUID().toString();
		store.insert(Job.queued(old, "retail-sales", Map.of(), 60, "test", null));
		store.end(old, JobStatus.QUEUED,
				JobEnding.of(JobStatus.CANCELLED, Instant.now().minus(31, ChronoUnit.DAYS), null));
		String recent = UUID.randomUUID().toString();
		store.insert(Job.queued(recent, "retail-sales", Map.of(), 60, "test", null));
		store.end(recent, JobStatus.QUEUED,
				JobEnding.of(JobStatus.CANCELLED, Instant.now().minus(29, ChronoUnit.DAYS), null));

		jobs.applyRetention();

		assertThat(store.find(old)).isEmpty();
		assertThat(store.find(recent)).isPresent();
		assertThat(List.of(store.find(recent).orElseThrow().status())).containsExactly(JobStatus.CANCELLED);
	}

	@Test
	void retentionForgetsIdempotencyKeysPastTheirTtlButKeepsFreshOnes() {
		Instant dayAndHourAgo = JobStore.now().minus(25, ChronoUnit.HOURS);
		Job old = new Job(UUID.randomUUID().toString(), "retail-sales", Map.of(), JobStatus.QUEUED, dayAndHourAgo,
				null, null, 60, null, null, null, null, null, "ttl-test", null);
		store.insert(old, new IdempotencyKey("ttl-test", "old-key", "hash", old.id()));
		Job fresh = Job.queued(UUID.randomUUID().toString(), "retail-sales", Map.of(), 60, "ttl-test", null);
		store.insert(fresh, new IdempotencyKey("ttl-test", "fresh-key", "hash", fresh.id()));
		store.end(old.id(), JobStatus.QUEUED, JobEnding.of(JobStatus.CANCELLED, JobStore.now(), null));
		store.end(fresh.id(), JobStatus.QUEUED, JobEnding.of(JobStatus.CANCELLED, JobStore.now(), null));

		jobs.applyRetention();

		assertThat(store.findKey("ttl-test", "old-key")).isEmpty();
		assertThat(store.findKey("ttl-test", "fresh-key")).isPresent();
		assertThat(store.find(old.id())).as("the job itself is within retention").isPresent();
	}

	private Reply postWithKey(String body, String key) {
		return exchange(http().post()
			.uri("/api/v1/jobs")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Idempotency-Key", key)
			.body(body));
	}

}
