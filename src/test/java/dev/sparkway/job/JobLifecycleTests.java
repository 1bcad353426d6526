package dev.sparkway.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.support.IntegrationTest;
import dev.sparkway.support.Poll;
import dev.sparkway.support.SlowTestPipeline;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job's life through the API: queued, running with live progress, and each way it can end.
 */
class JobLifecycleTests extends IntegrationTest {

	private static final String SALES = """
			TransactionID,Timestamp,StoreID,ProductID,UserID,Quantity,UnitPrice
			T1,2024-01-01 10:00:00,1,P,U,1,1.0
			T2,2024-01-02 10:00:00,1,P,U,2,1.0
			""";

	@Autowired
	JobStore store;

	@Autowired
	JobExecutor runner;

	@Test
	void aSubmittedJobAnswersAtOnceAndEndsWithOutputsSummaryAndFigures() {
		String path = writeInput("lifecycle/sales.csv", SALES);

		Reply accepted = post("/api/v1/jobs", "{\"pipeline\":\"retail-sales\",\"params\":{\"salesPath\":\"" + path
				+ "\"},\"timeoutSeconds\":600}").expect(202);

		JsonNode job = accepted.body();
		String id = job.get("id").asText();
		assertThat(accepted.headers().getFirst(HttpHeaders.LOCATION)).isEqualTo("/api/v1/jobs/" + id);
		assertThat(job.get("status").asText()).isIn("QUEUED", "RUNNING");
		assertThat(job.get("params").toString()).isEqualTo("{\"salesPath\":\"" + path + "\",\"badRecords\":\"drop\"}");
		assertThat(job.get("submittedAt").asText()).endsWith("Z");

		List<Double> fractions = new ArrayList<>();
		JsonNode ended = null;
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (ended == null && System.nanoTime() < deadline) {
			JsonNode now = get("/api/v1/jobs/" + id).expect(200).body();
			fractions.add(now.at("/progress/fraction").asDouble());
			if (now.get("status").asText().equals("SUCCEEDED")) {
				ended = now;
			}
		}
		assertThat(ended).as("job ended in time").isNotNull();
		assertThat(fractions).isSorted();
		assertThat(ended.at("/progress/fraction").asDouble()).isEqualTo(1.0);
		assertThat(ended.at("/progress/sparkJobs/total").asInt()).isPositive();
		assertThat(ended.at("/progress/sparkJobs/completed").asInt()).isEqualTo(ended.at("/progress/sparkJobs/total").asInt());
		assertThat(ended.at("/progress/tasks/completed").asInt()).isPositive();
		assertThat(ended.at("/progress/tasks/active").asInt()).isZero();
		assertThat(ended.at("/metrics/inputRecords").asLong()).isGreaterThanOrEqualTo(2);
		assertThat(ended.at("/metrics/inputBytes").asLong()).isPositive();
		assertThat(ended.at("/metrics/outputBytes").asLong()).isPositive();
		assertThat(ended.at("/metrics/executorRunTimeMs").asLong()).isNotNegative();
		assertThat(ended.get("startedAt").asText()).endsWith("Z");
		assertThat(ended.get("finishedAt").asText()).endsWith("Z");
		assertThat(ended.get("durationMs").asLong()).isNotNegative();
		assertThat(ended.get("error").isNull()).isTrue();
		assertThat(ended.at("/summary/inputRows").asLong()).isEqualTo(2);
		assertThat(ended.at("/links/self").asText()).isEqualTo("/api/v1/jobs/" + id);
		assertThat(ended.at("/links/preview/daily_sales").asText())
			.isEqualTo("/api/v1/jobs/" + id + "/outputs/daily_sales/preview");
		assertThat(ended.at("/links/sparkUi").asText()).startsWith("http");
		assertThat(ended.at("/links/cancel").isNull()).isTrue();
	}

	@Test
	void listsJobsNewestFirstFilteredByStatusAndPipeline() {
		String path = writeInput("lifecycle/list.csv", SALES);
		String older = runToSuccess("retail-sales", Map.of("salesPath", path)).get("id").asText();
		String newer = runToSuccess("retail-sales", Map.of("salesPath", path)).get("id").asText();

		JsonNode page = get("/api/v1/jobs?pipeline=retail-sales&status=SUCCEEDED&page=0&size=100").expect(200).body();

		List<String> ids = new ArrayList<>();
		page.get("items").forEach(item -> {
			assertThat(item.get("pipeline").asText()).isEqualTo("retail-sales");
			assertThat(item.get("status").asText()).isEqualTo("SUCCEEDED");
			ids.add(item.get("id").asText());
		});
		assertThat(ids).containsSubsequence(newer, older);
		assertThat(page.get("total").asLong()).isGreaterThanOrEqualTo(2);
		assertThat(page.get("size").asInt()).isEqualTo(100);

		JsonNode first = get("/api/v1/jobs?pipeline=retail-sales&size=1").expect(200).body();
		assertThat(first.get("items")).hasSize(1);
		assertThat(get("/api/v1/jobs?pipeline=no-such&size=5").expect(200).body().get("total").asLong()).isZero();
	}

	@Test
	void cancelStopsARunningJobAndRemovesItsPartialOutput() {
		String id = submit(SlowTestPipeline.NAME, Map.of("tasks", 2, "taskMillis", 120_000));
		awaitSparkWork(id);
		assertThat(outputRoot().resolve(id).resolve("first")).exists();

		Reply reply = post("/api/v1/jobs/" + id + "/cancel").expect(202);
		assertThat(reply.body().get("id").asText()).isEqualTo(id);

		JsonNode job = awaitStatus(id, Duration.ofSeconds(60), "CANCELLED", "FAILED", "SUCCEEDED");
		assertThat(job.get("status").asText()).isEqualTo("CANCELLED");
		assertThat(job.at("/error/type").asText()).isEqualTo("CANCELLED");
		assertThat(job.get("outputs")).isEmpty();
		assertThat(outputRoot().resolve(id)).doesNotExist();
		Poll.until(Duration.ofSeconds(30), "no Spark job of " + id + " still active",
				() -> spark().sparkContext().statusTracker().getActiveJobIds().length == 0);
	}

	@Test
	void cancelOfAQueuedJobEndsItBeforeItRuns() {
		String blockerA = submit(SlowTestPipeline.NAME, Map.of("tasks", 1, "taskMillis", 120_000));
		String blockerB = submit(SlowTestPipeline.NAME, Map.of("tasks", 1, "taskMillis", 120_000));
		String queued = submit(SlowTestPipeline.NAME, Map.of("tasks", 1, "taskMillis", 1));
		try {
			JsonNode job = post("/api/v1/jobs/" + queued + "/cancel").expect(202).body();

			assertThat(job.get("status").asText()).isEqualTo("CANCELLED");
			assertThat(job.get("startedAt").isNull()).isTrue();
		}
		finally {
			post("/api/v1/jobs/" + blockerA + "/cancel");
			post("/api/v1/jobs/" + blockerB + "/cancel");
			awaitStatus(blockerA, Duration.ofSeconds(30), "CANCELLED");
			awaitStatus(blockerB, Duration.ofSeconds(30), "CANCELLED");
		}
	}

	@Test
	void aJobPastItsTimeoutFailsWithTimeout() {
		Reply accepted = post("/api/v1/jobs", "{\"pipeline\":\"" + SlowTestPipeline.NAME
				+ "\",\"params\":{\"tasks\":1,\"taskMillis\":120000},\"timeoutSeconds\":2}").expect(202);
		String id = accepted.body().get("id").asText();

		JsonNode job = awaitStatus(id, Duration.ofSeconds(60), "FAILED", "SUCCEEDED", "CANCELLED");

		assertThat(job.get("status").asText()).isEqualTo("FAILED");
		assertThat(job.at("/error/type").asText()).isEqualTo("TIMEOUT");
		assertThat(job.at("/error/message").asText()).contains("2 s");
		assertThat(outputRoot().resolve(id)).doesNotExist();
	}

	@Test
	void aFullQueueAnswers503WithRetryAfterAndRecordsNothing() {
		// The test server runs 2 jobs and queues 10; earlier tests' jobs must have released their slots.
		Poll.until(Duration.ofSeconds(30), "all capacity free", () -> runner.freeCapacity() == 12);
		List<String> accepted = new ArrayList<>();
		try {
			for (int i = 0; i < 12; i++) {
				accepted.add(submit(SlowTestPipeline.NAME, Map.of("tasks", 1, "taskMillis", 120_000)));
			}
			long recorded = store.count(null, null);

			Reply refused = post("/api/v1/jobs", "{\"pipeline\":\"" + SlowTestPipeline.NAME + "\"}");

			refused.expect(503);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("10");
			assertThat(refused.body().get("detail").asText()).contains("capacity");
			assertThat(store.count(null, null)).isEqualTo(recorded);
		}
		finally {
			accepted.forEach(id -> post("/api/v1/jobs/" + id + "/cancel"));
			accepted.forEach(id -> awaitStatus(id, Duration.ofSeconds(60), "CANCELLED"));
		}
	}

	private void awaitSparkWork(String id) {
		Poll.until(Duration.ofSeconds(60), "job " + id + " running Spark tasks", () -> {
			JsonNode job = get("/api/v1/jobs/" + id).body();
			return job.get("status").asText().equals("RUNNING") && job.at("/progress/tasks/active").asInt() > 0;
		});
	}

}
