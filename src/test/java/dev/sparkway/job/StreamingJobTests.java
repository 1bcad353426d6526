package dev.sparkway.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.pipeline.ParameterValidator;
import dev.sparkway.pipeline.PipelineParams;
import dev.sparkway.pipeline.PipelineRegistry;
import dev.sparkway.pipeline.StreamingPipeline;
import dev.sparkway.support.IntegrationTest;
import dev.sparkway.support.Poll;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Streaming jobs' lifecycle: running until cancelled with live figures and previews, their own capacity, and a
 * shutdown that stops them.
 */
class StreamingJobTests extends IntegrationTest {

	@Autowired
	JobExecutor streams;

	@Autowired
	JobStore store;

	@Autowired
	ApplicationContext context;

	@Autowired
	JobsProperties jobsProperties;

	@Autowired
	ParameterValidator validator;

	@Autowired
	PipelineRegistry pipelines;

	@Test
	void aProcessingTimeStreamKeepsItsCountsCurrentUntilCancelledAndKeepsThemAfterwards() {
		writeInput("streaming/live/a.jsonl", tweet("Wed Oct 25 10:00:00 +0000 2023", "happy") + "\n"
				+ tweet("Wed Oct 25 10:01:00 +0000 2023", "sad") + "\n" + "not json\n");
		String id = submit("tweet-sentiment", Map.of("path", "streaming/live", "triggerInterval", "1 second"));
		try {
			JsonNode first = awaitJob(id, "first micro-batch recorded",
					job -> job.at("/streaming/batchId").asLong(-1) >= 0 && job.at("/outputs/0/rowCount").asLong() == 2);
			assertThat(first.get("status").asText()).isEqualTo("RUNNING");
			assertThat(first.at("/streaming/rejectedRows").asLong()).isEqualTo(1);
			assertThat(first.at("/streaming/lastProgressAt").asText()).endsWith("Z");
			assertThat(first.at("/links/cancel").asText()).isEqualTo("/api/v1/jobs/" + id + "/cancel");
			assertThat(counts(id)).containsExactly("10:00 negative 1", "10:00 positive 1");
			// Prometheus has the running stream's rates, labelled with the job (NaN until Spark has a rate).
			String series = "{job=\"" + id + "\",pipeline=\"tweet-sentiment\"}";
			Poll.until(Duration.ofSeconds(10), "stream rates scraped", () -> {
				String scrape = prometheus();
				return scrape.contains("sparkway_stream_input_rows_per_second" + series)
						&& scrape.contains("sparkway_stream_processed_rows_per_second" + series);
			});

			// A new file is the next micro-batch's input; the preview follows.
			writeInputWhole("streaming/live/b.jsonl", tweet("Wed Oct 25 10:02:00 +0000 2023", "GOOD") + "\n"
					+ tweet("Wed Oct 25 10:05:00 +0000 2023", "fine") + "\n");
			Poll.until(Duration.ofMinutes(3), "second file counted", () -> counts(id).size() == 3);
			assertThat(counts(id)).containsExactly("10:00 negative 1", "10:00 positive 2", "10:05 neutral 1");
			SparkSession session = streams.session(id).orElseThrow();
			assertThat(session.streams().active()).hasSize(1);

			long cancelledAt = System.nanoTime();
			post("/api/v1/jobs/" + id + "/cancel").expect(202);
			JsonNode cancelled = awaitStatus(id, Duration.ofSeconds(10), "CANCELLED", "FAILED", "SUCCEEDED");
			long tookMs = (System.nanoTime() - cancelledAt) / 1_000_000;

			assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
			assertThat(tookMs).as("cancel to CANCELLED, ms").isLessThan(10_000);
			assertThat(cancelled.at("/error/type").asText()).isEqualTo("CANCELLED");
			assertThat(session.streams().active()).as("active queries in the job's session").isEmpty();
			assertThat(streams.session(id)).isEmpty();
			assertThat(cancelled.at("/streaming/rejectedRows").asLong()).isEqualTo(1);
			assertThat(cancelled.at("/summary/inputRows").asLong()).isEqualTo(5);
			assertThat(cancelled.at("/outputs/0/rowCount").asLong()).isEqualTo(3);
			assertThat(cancelled.at("/links/preview/window_counts").isMissingNode()).isFalse();
			assertThat(counts(id)).containsExactly("10:00 negative 1", "10:00 positive 2", "10:05 neutral 1");
			// An ended stream's rate series go away.
			Poll.until(Duration.ofSeconds(10), "stream rates gone", () -> !prometheus().contains("job=\"" + id + "\""));
		}
		finally {
			cancelQuietly(id);
		}
	}

	@Test
	void streamingJobsHaveSlotsOfTheirOwn() {
		TestExecutors.awaitFreeStreamSlots(context);
		writeInput("streaming/capacity/a.jsonl", tweet("Wed Oct 25 10:00:00 +0000 2023", "happy") + "\n");
		List<String> running = new ArrayList<>();
		try {
			for (int i = 0; i < 2; i++) {
				running.add(submit("tweet-sentiment", Map.of("path", "streaming/capacity")));
			}

			Reply refused = post("/api/v1/jobs", """
					{"pipeline": "tweet-sentiment", "params": {"path": "streaming/capacity"}}""").expect(503);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.body().get("type").asText()).isEqualTo("https://sparkway.dev/problems/at-capacity");
			assertThat(refused.body().get("detail").asText()).contains("2 streaming jobs");
			assertThat(refused.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("10");

			// Batch jobs still run: the streams hold none of their slots.
			writeInput("streaming/capacity/sales.csv", """
					TransactionID,Timestamp,StoreID,ProductID,UserID,Quantity,UnitPrice
					T1,2024-01-01 10:00:00,1,P,U,1,1.0
					""");
			runToSuccess("retail-sales", Map.of("salesPath", "streaming/capacity/sales.csv"));
			for (String id : running) {
				assertThat(get("/api/v1/jobs/" + id).body().get("status").asText()).isEqualTo("RUNNING");
			}
		}
		finally {
			running.forEach(this::cancelQuietly);
		}
		for (String id : running) {
			awaitStatus(id, Duration.ofSeconds(30), "CANCELLED");
		}
		// A slot is free again.
		String next = submit("tweet-sentiment", Map.of("path", "streaming/capacity", "trigger", "availableNow"));
		awaitStatus(next, Duration.ofSeconds(60), "SUCCEEDED");
	}

	@Test
	void aShutdownStopsRunningStreamsAsFailedAndInterruptedKeepingTheirOutputs() {
		writeInput("streaming/shutdown/a.jsonl", tweet("Wed Oct 25 10:00:00 +0000 2023", "happy") + "\n");
		JobExecutor runner = executor();
		StreamingPipeline pipeline = (StreamingPipeline) pipelines.get("tweet-sentiment");
		PipelineParams params = validator.validate(pipeline, Map.of("path", "streaming/shutdown"));
		Job job = Job.queued(UUID.randomUUID().toString(), pipeline.name(), params.values(), 0, "test", null);
		runner.submit(job, pipeline, params, null);
		Poll.until(Duration.ofMinutes(3), "stream's first batch recorded",
				() -> store.find(job.id()).orElseThrow().streaming() != null
						&& store.find(job.id()).orElseThrow().streaming().batchId() != null);

		runner.drain();

		Job stopped = store.find(job.id()).orElseThrow();
		// Decided once for both modes (JobOutcome): interrupted by a shutdown is FAILED/INTERRUPTED.
		assertThat(stopped.status()).isEqualTo(JobStatus.FAILED);
		assertThat(stopped.error().type()).isEqualTo(JobErrorType.INTERRUPTED);
		assertThat(stopped.error().message()).contains("shut down");
		assertThat(stopped.outputs()).hasSize(1);
		assertThat(stopped.outputs().get(0).rowCount()).isEqualTo(1);
		assertThatThrownBy(() -> runner.submit(Job.queued(UUID.randomUUID().toString(), pipeline.name(),
				params.values(), 0, "test", null), pipeline, params, null))
			.isInstanceOf(NotAcceptingJobsException.class)
			.hasMessageContaining("shutting down");
		runner.destroy();
	}

	@Test
	void aFailedQueryEndsTheJobFailedWithItsRootCause() {
		JobExecutor runner = executor();
		StreamingPipeline failing = new FailingStream();
		PipelineParams params = validator.validate(failing, Map.of());
		Job job = Job.queued(UUID.randomUUID().toString(), failing.name(), params.values(), 0, "test", null);
		try {
			runner.submit(job, failing, params, null);
			Poll.until(Duration.ofMinutes(3), "failing stream ended",
					() -> store.find(job.id()).orElseThrow().status().isEnded());

			Job ended = store.find(job.id()).orElseThrow();
			assertThat(ended.status()).isEqualTo(JobStatus.FAILED);
			assertThat(ended.error().type()).isEqualTo(JobErrorType.PIPELINE_ERROR);
			assertThat(ended.error().message()).isEqualTo("The sink refused micro-batch 0");
			assertThat(runner.session(job.id())).isEmpty();
		}
		finally {
			runner.drain();
			runner.destroy();
		}
	}

	/** An executor of its own, with one streaming slot, on the suite's SparkSession. */
	private JobExecutor executor() {
		return TestExecutors.executor(context, jobsProperties, new StreamingProperties(1));
	}

	/** A stream whose sink fails on its first micro-batch. */
	private static final class FailingStream implements StreamingPipeline {

		@Override
		public String name() {
			return "test-failing-stream";
		}

		@Override
		public String description() {
			return "Test only: fails on its first micro-batch.";
		}

		@Override
		public List<dev.sparkway.pipeline.ParameterSpec> parameters() {
			return List.of();
		}

		@Override
		public List<dev.sparkway.pipeline.OutputSpec> outputs() {
			return List.of();
		}

		@Override
		public dev.sparkway.pipeline.StreamingRun start(dev.sparkway.pipeline.PipelineContext context)
				throws Exception {
			org.apache.spark.sql.streaming.StreamingQuery query = context.session()
				.readStream()
				.format("rate")
				.option("rowsPerSecond", 1)
				.load()
				.writeStream()
				.option("checkpointLocation", context.outputPath("checkpoint").toUri().toString())
				.foreachBatch((org.apache.spark.api.java.function.VoidFunction2<org.apache.spark.sql.Dataset<org.apache.spark.sql.Row>, Long>) (batch, id) -> {
					throw new dev.sparkway.pipeline.PipelineException("The sink refused micro-batch " + id);
				})
				.start();
			return new dev.sparkway.pipeline.StreamingRun() {

				@Override
				public org.apache.spark.sql.streaming.StreamingQuery query() {
					return query;
				}

				@Override
				public List<dev.sparkway.pipeline.PipelineOutput> outputs() {
					return List.of();
				}

				@Override
				public void close() {
				}

			};
		}

	}

	private JsonNode awaitJob(String id, String description, java.util.function.Predicate<JsonNode> condition) {
		JsonNode[] last = new JsonNode[1];
		// A first micro-batch in a fresh JVM on a busy 2-core machine has taken close to a minute.
		Poll.until(Duration.ofMinutes(3), description, () -> {
			last[0] = get("/api/v1/jobs/" + id).expect(200).body();
			if (last[0].get("status").asText().matches("FAILED|CANCELLED|SUCCEEDED")) {
				throw new AssertionError("job ended: " + last[0]);
			}
			return condition.test(last[0]);
		});
		return last[0];
	}

	/** The current window counts, as "HH:mm sentiment count". */
	private List<String> counts(String id) {
		JsonNode rows = get("/api/v1/jobs/" + id + "/outputs/window_counts/preview?limit=100").expect(200)
			.body()
			.get("rows");
		List<String> lines = new ArrayList<>();
		rows.forEach(row -> lines.add(row.get("WindowStart").asText().substring(11, 16) + " "
				+ row.get("Sentiment").asText() + " " + row.get("Count").asLong()));
		return lines;
	}


	private void cancelQuietly(String id) {
		post("/api/v1/jobs/" + id + "/cancel");
	}

	private static String tweet(String createdAt, String text) {
		return "{\"created_at\":\"" + createdAt + "\",\"id_str\":\"1\",\"text\":\"" + text + "\"}";
	}

}
