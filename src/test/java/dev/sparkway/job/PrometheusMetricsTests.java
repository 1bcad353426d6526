package dev.sparkway.job;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.web.client.RestClient;
import org.junit.jupiter.api.Test;

import dev.sparkway.support.IntegrationTest;
import dev.sparkway.support.Poll;
import dev.sparkway.support.SlowTestPipeline;
import dev.sparkway.support.SseClient;

import static dev.sparkway.support.PrometheusScrape.delta;
import static dev.sparkway.support.PrometheusScrape.value;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /actuator/prometheus} scraped over HTTP after jobs of each outcome; deltas, as the suite shares a server. */
class PrometheusMetricsTests extends IntegrationTest {

	private static final String PIPELINE = SlowTestPipeline.NAME;

	@Test
	void aScrapeCountsJobsOfEachOutcomeAndShowsTheGauges() {
		String before = prometheus();

		String succeeded = submit(PIPELINE, Map.of("tasks", 1, "taskMillis", 0));
		assertThat(awaitStatus(succeeded, Duration.ofSeconds(60), "SUCCEEDED", "FAILED", "CANCELLED")
			.get("status").asText()).isEqualTo("SUCCEEDED");

		String timedOut = post("/api/v1/jobs", "{\"pipeline\":\"" + PIPELINE
				+ "\",\"params\":{\"tasks\":1,\"taskMillis\":120000},\"timeoutSeconds\":2}").expect(202)
			.body().get("id").asText();
		JsonNode failed = awaitStatus(timedOut, Duration.ofSeconds(60), "SUCCEEDED", "FAILED", "CANCELLED");
		assertThat(failed.at("/error/type").asText()).isEqualTo("TIMEOUT");

		String cancelled = submit(PIPELINE, Map.of("tasks", 1, "taskMillis", 120_000));
		awaitStatus(cancelled, Duration.ofSeconds(60), "RUNNING");
		Poll.until(Duration.ofSeconds(30), "a running batch job on the gauge",
				() -> value(prometheus(), "sparkway_jobs_running", Map.of("mode", "batch")) >= 1);
		post("/api/v1/jobs/" + cancelled + "/cancel").expect(202);
		awaitStatus(cancelled, Duration.ofSeconds(60), "CANCELLED");

		// The executor lets go of a job just after its end is recorded.
		Poll.until(Duration.ofSeconds(10), "no job running", () -> value(prometheus(), "sparkway_jobs_running", Map.of()) == 0);
		String after = prometheus();
		assertThat(delta(before, after, "sparkway_jobs_submitted_total", Map.of("pipeline", PIPELINE))).isEqualTo(3);
		assertThat(delta(before, after, "sparkway_jobs_finished_total",
				Map.of("pipeline", PIPELINE, "status", "SUCCEEDED", "error_type", "none"))).isEqualTo(1);
		assertThat(delta(before, after, "sparkway_jobs_finished_total",
				Map.of("pipeline", PIPELINE, "status", "FAILED", "error_type", "TIMEOUT"))).isEqualTo(1);
		assertThat(delta(before, after, "sparkway_jobs_finished_total",
				Map.of("pipeline", PIPELINE, "status", "CANCELLED"))).isEqualTo(1);
		for (String status : new String[] { "SUCCEEDED", "FAILED", "CANCELLED" }) {
			Map<String, String> labels = Map.of("pipeline", PIPELINE, "status", status);
			assertThat(delta(before, after, "sparkway_job_duration_seconds_count", labels)).as(status).isEqualTo(1);
			assertThat(delta(before, after, "sparkway_job_duration_seconds_bucket",
					Map.of("pipeline", PIPELINE, "status", status, "le", "+Inf"))).as(status).isEqualTo(1);
		}
		// The timed-out job ran at least its 2 s timeout.
		assertThat(delta(before, after, "sparkway_job_duration_seconds_sum",
				Map.of("pipeline", PIPELINE, "status", "FAILED"))).isGreaterThanOrEqualTo(2.0);

		assertThat(value(after, "sparkway_queue_capacity", Map.of())).isEqualTo(10);
		assertThat(value(after, "sparkway_spark_session_up", Map.of())).isEqualTo(1);
		assertThat(value(after, "sparkway_spark_session_rebuilds_total", Map.of())).isNotNaN().isGreaterThanOrEqualTo(0);
		assertThat(value(after, "sparkway_jobs_queued", Map.of())).isZero();
		assertThat(after).contains("sparkway_jobs_running{mode=\"stream\"}");
		assertThat(value(after, "sparkway_event_streams_open", Map.of())).isNotNaN().isGreaterThanOrEqualTo(0);
		assertThat(after).contains("# TYPE sparkway_job_duration_seconds histogram",
				"# TYPE sparkway_jobs_submitted_total counter", "jvm_memory_used_bytes", "http_server_requests_seconds");
	}

	@Test
	void openEventStreamsAreCountedWhileOpen() {
		double before = value(prometheus(), "sparkway_event_streams_open", Map.of());
		try (SseClient stream = SseClient.connect("http://localhost:" + port + "/api/v1/events", "X-API-Key",
				READ_KEY)) {
			assertThat(stream.status()).isEqualTo(200);
			Poll.until(Duration.ofSeconds(10), "the stream counted",
					() -> value(prometheus(), "sparkway_event_streams_open", Map.of()) == before + 1);
		}
		// The server notices a closed stream when a keep-alive (every 10 s) fails to send.
		Poll.until(Duration.ofSeconds(45), "the closed stream no longer counted",
				() -> value(prometheus(), "sparkway_event_streams_open", Map.of()) == before);
	}

	@Test
	void theScrapeNeedsTheReadRole() {
		Reply anonymous = exchange(
				RestClient.create().get().uri("http://localhost:" + port + "/actuator/prometheus"));
		assertThat(anonymous.status()).isEqualTo(401);
		Reply reader = exchange(RestClient.create()
			.get()
			.uri("http://localhost:" + port + "/actuator/prometheus")
			.header("X-API-Key", READ_KEY));
		assertThat(reader.status()).isEqualTo(200);
		assertThat(reader.text()).contains("sparkway_queue_capacity");
	}

}
