package dev.sparkway.job;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.support.IntegrationTest;
import dev.sparkway.support.Poll;
import dev.sparkway.support.SlowTestPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a running stream cost and which stages it ran: its micro-batches run on the query's own thread under the
 * query's job group, yet they are the Sparkway job's, and two streams and a batch job side by side stay apart.
 */
@ExtendWith(OutputCaptureExtension.class)
class StreamingJobCostTests extends IntegrationTest {

	@Autowired
	ApplicationContext context;

	/** Tweets in the big stream's first file, far more than the small stream reads in all. */
	private static final int BIG_ROWS = 400;

	@Test
	void twoStreamsAndABatchJobSideBySideEachReportTheirOwnCostAndStages(CapturedOutput output) {
		TestExecutors.awaitFreeStreamSlots(context);
		writeInput("streaming/cost-big/a.jsonl", tweets("Wed Oct 25 10:00:00 +0000 2023", "happy", BIG_ROWS));
		writeInput("streaming/cost-small/a.jsonl", tweets("Wed Oct 25 11:00:00 +0000 2023", "sad", 1));
		String big = submit("tweet-sentiment", Map.of("path", "streaming/cost-big", "triggerInterval", "1 second"));
		String small = submit("tweet-sentiment",
				Map.of("path", "streaming/cost-small", "triggerInterval", "1 second"));
		try {
			JsonNode bigFirst = awaitRunning(big, "the big stream's first file counted",
					job -> outputRows(job) == 1 && job.at("/metrics/inputRecords").asLong() >= BIG_ROWS);
			JsonNode smallFirst = awaitRunning(small, "the small stream's first file counted",
					job -> outputRows(job) == 1 && job.at("/metrics/inputRecords").asLong() >= 1);

			// The batch job runs while both streams do.
			String batch = submit(SlowTestPipeline.NAME, Map.of("tasks", 1, "taskMillis", 0));
			JsonNode batchJob = awaitStatus(batch, Duration.ofSeconds(120), "SUCCEEDED", "FAILED", "CANCELLED");
			assertThat(batchJob.get("status").asText()).isEqualTo("SUCCEEDED");
			assertThat(status(big)).isEqualTo("RUNNING");
			assertThat(status(small)).isEqualTo("RUNNING");

			// Each stream's figures are its micro-batches': CPU time, and input records at least the rows it counted
			// (the file's tweets, then its own window counts read back when merged).
			for (JsonNode stream : new JsonNode[] { bigFirst, smallFirst }) {
				JsonNode cost = stream.get("metrics");
				assertThat(cost.get("executorCpuTimeMs").asLong()).as("CPU time of %s", cost).isPositive();
				assertThat(cost.get("executorRunTimeMs").asLong()).as("run time of %s", cost).isPositive();
				assertThat(cost.get("outputRecords").asLong()).as("window counts written, %s", cost).isPositive();
				assertThat(stream.at("/progress/sparkJobs/completed").asInt()).isPositive();
				assertThat(stream.at("/progress/tasks/completed").asInt()).isPositive();
			}
			// The small stream read 1 tweet and a few window-count rows back: none of the big one's 400.
			assertThat(smallFirst.at("/metrics/inputRecords").asLong()).isBetween(1L, (long) BIG_ROWS - 1);
			// The batch job's own figures: 3 rows in "first" plus 1 in "slept" (a 0 ms task sleeps one step), no
			// file input; nothing of the streams' reads and writes.
			JsonNode batchCost = batchJob.get("metrics");
			assertThat(batchCost.get("outputRecords").asLong()).isEqualTo(3 + 1);
			assertThat(batchCost.get("inputRecords").asLong()).isLessThan(BIG_ROWS);
			assertThat(batchCost.get("executorCpuTimeMs").asLong()).isPositive();

			// Stages: the streams' micro-batch stages are listed, and no stage is in two jobs' lists.
			Set<Integer> bigStages = stageIds(big);
			Set<Integer> smallStages = stageIds(small);
			Set<Integer> batchStages = stageIds(batch);
			assertThat(bigStages).isNotEmpty();
			assertThat(smallStages).isNotEmpty();
			assertThat(batchStages).isNotEmpty();
			assertThat(bigStages).doesNotContainAnyElementsOf(smallStages).doesNotContainAnyElementsOf(batchStages);
			assertThat(smallStages).doesNotContainAnyElementsOf(batchStages);

			// The next file is the next micro-batch: figures and stages follow it.
			int sparkJobsBefore = get("/api/v1/jobs/" + small).expect(200).body().at("/progress/sparkJobs/completed")
				.asInt();
			long recordsBefore = get("/api/v1/jobs/" + small).expect(200).body().at("/metrics/inputRecords").asLong();
			writeInputWhole("streaming/cost-small/b.jsonl", tweets("Wed Oct 25 11:05:00 +0000 2023", "good", 3));
			JsonNode smallNext = awaitRunning(small, "the small stream's second file counted",
					job -> outputRows(job) == 2 && job.at("/metrics/inputRecords").asLong() >= recordsBefore + 3);
			assertThat(smallNext.at("/progress/sparkJobs/completed").asInt()).isGreaterThan(sparkJobsBefore);
			Set<Integer> smallStagesNext = stageIds(small);
			assertThat(smallStagesNext).containsAll(smallStages).hasSizeGreaterThan(smallStages.size());
			assertThat(smallStagesNext).doesNotContainAnyElementsOf(bigStages);

			// Once ended, a stream keeps its figures and stages.
			post("/api/v1/jobs/" + small + "/cancel").expect(202);
			JsonNode ended = awaitStatus(small, Duration.ofSeconds(30), "CANCELLED", "FAILED", "SUCCEEDED");
			assertThat(ended.get("status").asText()).isEqualTo("CANCELLED");
			// Stopped by its query's stop, not failed by a cancelled micro-batch (an error and a stack trace).
			assertThat(output.getAll()).doesNotContain("terminated with error");
			assertThat(ended.at("/metrics/executorCpuTimeMs").asLong())
				.isGreaterThanOrEqualTo(smallNext.at("/metrics/executorCpuTimeMs").asLong());
			assertThat(stageIds(small)).containsAll(smallStagesNext);
		}
		finally {
			post("/api/v1/jobs/" + big + "/cancel");
			post("/api/v1/jobs/" + small + "/cancel");
			awaitStatus(big, Duration.ofSeconds(30), "CANCELLED", "FAILED", "SUCCEEDED");
			awaitStatus(small, Duration.ofSeconds(30), "CANCELLED", "FAILED", "SUCCEEDED");
		}
	}

	private String status(String id) {
		return get("/api/v1/jobs/" + id).expect(200).body().get("status").asText();
	}

	private Set<Integer> stageIds(String id) {
		Set<Integer> ids = new HashSet<>();
		get("/api/v1/jobs/" + id + "/stages").expect(200).body().get("stages")
			.forEach(stage -> ids.add(stage.get("stageId").asInt()));
		return ids;
	}

	/** Window-count rows of the stream's output so far. */
	private static long outputRows(JsonNode job) {
		return job.at("/outputs/0/rowCount").asLong(-1);
	}

	private JsonNode awaitRunning(String id, String description, java.util.function.Predicate<JsonNode> condition) {
		JsonNode[] last = new JsonNode[1];
		// A first micro-batch on a busy 2-core machine has taken close to a minute.
		Poll.until(Duration.ofMinutes(3), description, () -> {
			last[0] = get("/api/v1/jobs/" + id).expect(200).body();
			if (!last[0].get("status").asText().equals("RUNNING") && !last[0].get("status").asText().equals("QUEUED")) {
				throw new AssertionError("job ended: " + last[0]);
			}
			return condition.test(last[0]);
		});
		return last[0];
	}


	/** {@code count} tweets of the same minute and text, one a line. */
	private static String tweets(String createdAt, String text, int count) {
		StringBuilder lines = new StringBuilder();
		for (int i = 0; i < count; i++) {
			lines.append("{\"created_at\":\"").append(createdAt).append("\",\"id_str\":\"").append(i)
				.append("\",\"text\":\"").append(text).append("\"}\n");
		}
		return lines.toString();
	}

}
