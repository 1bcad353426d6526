package dev.sparkway.spark;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.job.Job;
import dev.sparkway.job.JobStore;
import dev.sparkway.support.IntegrationTest;
import dev.sparkway.support.Poll;
import dev.sparkway.support.SlowTestPipeline;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.sparkway.support.PrometheusScrape.delta;
import static dev.sparkway.support.PrometheusScrape.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared SparkContext stopping under the running server (here: {@code stop()} called from outside, as a fatal
 * error would do) fails only the jobs that ran on it, and the server builds a new session and goes on.
 */
class SparkContextRecoveryTests extends IntegrationTest {

	@Autowired
	JobStore store;

	@Test
	void aStoppedContextFailsItsRunningJobsAndIsReplacedWhileQueuedAndNewJobsGoOn() {
		String sales = writeInput("recovery/sales.csv", """
				TransactionID,Timestamp,StoreID,ProductID,Quantity,UnitPrice
				A,2024-01-05 08:00:00,0001,P,2,3.5
				B,2024-01-05 09:00:00,0001,Q,1,1.0
				""");
		// Both run slots taken by jobs that keep Spark busy, and one job waiting in the queue.
		String runningA = submit(SlowTestPipeline.NAME, Map.of("tasks", 1, "taskMillis", 120_000));
		String runningB = submit(SlowTestPipeline.NAME, Map.of("tasks", 1, "taskMillis", 120_000));
		String queued = submit("retail-sales", Map.of("salesPath", sales));
		awaitSparkTasks(runningA);
		awaitSparkTasks(runningB);
		String lostApplication = spark().sparkContext().applicationId();
		String metricsBefore = prometheus();

		spark().sparkContext().stop();

		Poll.until(Duration.ofSeconds(10), "health DOWN while Spark is rebuilt", () -> {
			Reply health = get("/actuator/health");
			return health.status() == 503 && "REBUILDING".equals(health.body().at("/components/spark/details/state")
				.asText());
		});
		String submittedWhileDown = submit("retail-sales", Map.of("salesPath", sales));
		for (String id : List.of(runningA, runningB)) {
			JsonNode job = awaitStatus(id, Duration.ofSeconds(15), "FAILED", "SUCCEEDED", "CANCELLED");
			assertThat(job.get("status").asText()).as("job %s", job).isEqualTo("FAILED");
			assertThat(job.at("/error/type").asText()).isEqualTo("SPARK_CONTEXT_LOST");
			assertThat(job.at("/error/message").asText()).contains("/api/v1/jobs/" + id + "/retry");
			assertThat(job.get("outputs")).isEmpty();
			assertThat(outputRoot().resolve(id)).doesNotExist();
			// It links to the application it ran in, recorded when it started, not to the one running now.
			Job.SparkApplication ranIn = store.find(id).orElseThrow().sparkApplication();
			assertThat(ranIn.id()).isEqualTo(lostApplication);
			// Its Spark jobs ran there: the link leads to the first one's page.
			assertThat(job.at("/links/sparkUi").asText()).startsWith(ranIn.uiUrl() + "/jobs/job/?id=");
		}

		Poll.until(Duration.ofSeconds(60), "health UP on a new SparkContext",
				() -> get("/actuator/health").status() == 200);
		JsonNode spark = get("/actuator/health").expect(200).body().at("/components/spark/details");
		assertThat(spark.get("state").asText()).isEqualTo("RUNNING");
		assertThat(spark.get("applicationId").asText()).isNotEqualTo(lostApplication);
		assertThat(spark.get("lastLostApplicationId").asText()).isEqualTo(lostApplication);
		// Prometheus sees the one rebuild, and the session up again.
		String metricsAfter = prometheus();
		assertThat(delta(metricsBefore, metricsAfter, "sparkway_spark_session_rebuilds_total", Map.of())).isEqualTo(1);
		assertThat(value(metricsBefore, "sparkway_spark_session_up", Map.of())).isEqualTo(1);
		assertThat(value(metricsAfter, "sparkway_spark_session_up", Map.of())).isEqualTo(1);

		List<JsonNode> goneOn = new ArrayList<>();
		for (String id : List.of(queued, submittedWhileDown)) {
			JsonNode job = awaitStatus(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED", "CANCELLED");
			assertThat(job.get("status").asText()).as("job %s", job).isEqualTo("SUCCEEDED");
			assertThat(store.find(id).orElseThrow().sparkApplication().id())
				.isEqualTo(spark.get("applicationId").asText());
			goneOn.add(job);
		}
		// Same input, same figures, on the new context: one store-day of 2 * 3.5 + 1 * 1.0 over two sales.
		for (JsonNode job : goneOn) {
			assertThat(job.at("/summary/inputRows").asLong()).isEqualTo(2);
			assertThat(job.at("/summary/rejectedRows").asLong()).isZero();
			JsonNode daily = previewRows(job.get("id").asText(), "daily_sales");
			assertThat(daily).hasSize(1);
			assertThat(daily.get(0).get("TotalDailySales").asDouble()).isEqualTo(8.0);
			assertThat(daily.get(0).get("TotalDailyTransactions").asLong()).isEqualTo(2);
		}
		// The retry link the error names works on the new session too.
		JsonNode retried = awaitStatus(post("/api/v1/jobs/" + runningA + "/retry").expect(202).body().get("id")
			.asText(), Duration.ofSeconds(5), "RUNNING", "QUEUED");
		post("/api/v1/jobs/" + retried.get("id").asText() + "/cancel").expect(202);
		awaitStatus(retried.get("id").asText(), Duration.ofSeconds(60), "CANCELLED");
	}

	/** Waits until the job's first output is committed and its slow stage runs (so no write is half-committed). */
	private void awaitSparkTasks(String id) {
		Poll.until(Duration.ofSeconds(60), "job " + id + " in its slow stage", () -> Files.exists(outputRoot()
			.resolve(id)
			.resolve("first/_SUCCESS")) && get("/api/v1/jobs/" + id).body().at("/progress/tasks/active").asInt() > 0);
	}

}
