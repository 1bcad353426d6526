package dev.sparkway.pipeline.sentiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * tweet-sentiment on the files source, through the real API, against counts worked out by hand.
 */
class TweetSentimentPipelineTests extends IntegrationTest {

	@Test
	void countsTweetsPerWindowAndSentimentAndDropsAndCountsBadRecords() {
		String folder = writeInput("sentiment/basic/tweets-1.jsonl", String.join("\n",
				tweet("Wed Oct 25 10:00:00 +0000 2023", "1", "I am so happy"),
				// Both lists: positive wins.
				tweet("Wed Oct 25 10:01:30 +0000 2023", "2", "Good but SAD"),
				tweet("Wed Oct 25 10:02:00 +0000 2023", "3", "TERRIBLE day"),
				tweet("Wed Oct 25 10:04:59 +0000 2023", "4", "just a tweet"),
				// Substring semantics: "badge" contains "bad".
				tweet("Wed Oct 25 10:05:00 +0000 2023", "5", "what a BadGe"),
				"{\"created_at\":\"Wed Oct 25 10:07:00 +0000 2023\",\"id_str\":\"6\"}",
				// 12:05 at +0200 is 10:05 UTC.
				tweet("Wed Oct 25 12:05:00 +0200 2023", "7", "Excellent!"),
				tweet("Wed Oct 32 10:00:00 +0000 2023", "8", "happy, but no such date"),
				tweet("Thu Oct 25 10:00:00 +0000 2023", "9", "happy, but the 25th was a Wednesday"),
				"{\"created_at\": \"Wed Oct 25 10:00:00 +0000 2023\", \"text\": \"happy, but cut off",
				"",
				"[1, 2, 3]")).replace("/tweets-1.jsonl", "/");

		JsonNode job = runToSuccess(TweetSentimentPipeline.NAME, Map.of("path", folder, "trigger", "availableNow"));

		// 12 lines: the blank one is no record; four are rejected (no such date, a day name that does not fit,
		// cut-off JSON, an array).
		assertThat(job.at("/streaming/rejectedRows").asLong()).isEqualTo(4);
		assertThat(job.at("/summary/rejectedRows").asLong()).isEqualTo(4);
		assertThat(job.at("/summary/inputRows").asLong()).isEqualTo(12);
		assertThat(job.at("/streaming/batchId").asLong()).isNotNegative();
		assertThat(job.at("/streaming/lastProgressAt").asText()).endsWith("Z");
		assertThat(job.at("/error").isNull()).isTrue();
		assertThat(job.at("/params/windowDuration").asText()).isEqualTo("5 minutes");
		assertThat(job.at("/params/watermark").asText()).isEqualTo("10 minutes");

		String id = job.get("id").asText();
		assertThat(job.at("/links/preview/window_counts").asText())
			.isEqualTo("/api/v1/jobs/" + id + "/outputs/window_counts/preview");
		assertThat(job.at("/outputs/0/rowCount").asLong()).isEqualTo(6);
		assertThat(job.at("/outputs/0/schema").toString()).isEqualTo("""
				[{"name":"WindowStart","type":"timestamp"},{"name":"WindowEnd","type":"timestamp"},\
				{"name":"Sentiment","type":"string"},{"name":"Count","type":"bigint"}]""");
		assertThat(rows(previewRows(id, "window_counts"))).containsExactly(
				"2023-10-25T10:00:00Z 2023-10-25T10:05:00Z negative 1",
				"2023-10-25T10:00:00Z 2023-10-25T10:05:00Z neutral 1",
				"2023-10-25T10:00:00Z 2023-10-25T10:05:00Z positive 2",
				"2023-10-25T10:05:00Z 2023-10-25T10:10:00Z negative 1",
				"2023-10-25T10:05:00Z 2023-10-25T10:10:00Z neutral 1",
				"2023-10-25T10:05:00Z 2023-10-25T10:10:00Z positive 1");
	}

	@Test
	void aRecordBehindTheWatermarkChangesNothingAndOneWithinItUpdatesItsWindow() throws IOException {
		// One file per micro-batch. After the first the latest event time is 10:21, so the watermark is 10:11.
		String first = writeInput("sentiment/late/a.jsonl", String.join("\n",
				tweet("Wed Oct 25 10:00:00 +0000 2023", "1", "happy"),
				tweet("Wed Oct 25 10:12:00 +0000 2023", "2", "happy"),
				tweet("Wed Oct 25 10:21:00 +0000 2023", "3", "sad")));
		// Spark (3.4+) drops a record as late against the watermark of the micro-batch before the one reading it:
		// this batch runs with watermark 10:11, so the next one drops what is behind 10:11.
		String second = writeInput("sentiment/late/b.jsonl", tweet("Wed Oct 25 10:22:00 +0000 2023", "4", "lunch"));
		String third = writeInput("sentiment/late/c.jsonl", String.join("\n",
				// Behind the watermark: would add a negative row to the 10:00 window.
				tweet("Wed Oct 25 10:03:00 +0000 2023", "5", "sad"),
				// Within it: the 10:10 window's positive count goes from 1 to 2, and it gains a neutral row.
				tweet("Wed Oct 25 10:13:00 +0000 2023", "6", "good"),
				tweet("Wed Oct 25 10:14:00 +0000 2023", "7", "meh")));
		// The file source takes files in modification-time order.
		Instant now = Instant.now();
		Files.setLastModifiedTime(inputRoot().resolve(first), FileTime.from(now.minusSeconds(90)));
		Files.setLastModifiedTime(inputRoot().resolve(second), FileTime.from(now.minusSeconds(60)));
		Files.setLastModifiedTime(inputRoot().resolve(third), FileTime.from(now.minusSeconds(30)));

		JsonNode job = runToSuccess(TweetSentimentPipeline.NAME,
				Map.of("path", "sentiment/late", "trigger", "availableNow", "maxFilesPerTrigger", 1));

		assertThat(job.at("/summary/inputRows").asLong()).isEqualTo(7);
		assertThat(job.at("/streaming/rejectedRows").asLong()).isZero();
		assertThat(job.at("/streaming/batchId").asLong()).isGreaterThanOrEqualTo(2);
		assertThat(rows(previewRows(job.get("id").asText(), "window_counts"))).containsExactly(
				"2023-10-25T10:00:00Z 2023-10-25T10:05:00Z positive 1",
				"2023-10-25T10:10:00Z 2023-10-25T10:15:00Z neutral 1",
				"2023-10-25T10:10:00Z 2023-10-25T10:15:00Z positive 2",
				"2023-10-25T10:20:00Z 2023-10-25T10:25:00Z negative 1",
				"2023-10-25T10:20:00Z 2023-10-25T10:25:00Z neutral 1");
	}

	@Test
	void runsOnTheDemoTweetsToCompletion() {
		JsonNode job = runToSuccess(TweetSentimentPipeline.NAME, Map.of("trigger", "availableNow"));

		// The demo data: 5 files of 1,000 tweets, every 200th bad.
		assertThat(job.at("/summary/inputRows").asLong()).isEqualTo(5_000);
		assertThat(job.at("/streaming/rejectedRows").asLong()).isEqualTo(25);
		JsonNode rows = get("/api/v1/jobs/" + job.get("id").asText() + "/outputs/window_counts/preview?limit=1000")
			.expect(200)
			.body()
			.get("rows");
		long counted = 0;
		for (JsonNode row : rows) {
			counted += row.get("Count").asLong();
		}
		// Tweets arrive within 90 s of their time, far inside the 10-minute watermark: none is dropped as late.
		assertThat(counted).isEqualTo(5_000 - 25);
	}

	@Test
	void theCatalogueListsTheParametersWithTheirDefaults() {
		JsonNode pipeline = get("/api/v1/pipelines/tweet-sentiment").expect(200).body();

		List<String> names = new ArrayList<>();
		pipeline.get("parameters").forEach(p -> names.add(p.get("name").asText()));
		assertThat(names).containsExactly("source", "path", "maxFilesPerTrigger", "topic", "bootstrapServers",
				"startingOffsets", "watermark", "windowDuration", "trigger", "triggerInterval");
		JsonNode parameters = pipeline.get("parameters");
		assertThat(parameters.get(0).get("default").asText()).isEqualTo("files");
		assertThat(parameters.get(1).get("type").asText()).isEqualTo("folder");
		assertThat(parameters.get(1).get("default").asText()).isEqualTo("demo/tweets/");
		assertThat(parameters.get(5).get("default").asText()).isEqualTo("latest");
		assertThat(parameters.get(8).get("default").asText()).isEqualTo("processingTime");
		assertThat(parameters.get(9).get("default").asText()).isEqualTo("10 seconds");
		assertThat(pipeline.get("outputs").toString()).contains("window_counts");
	}

	@Test
	void badParametersAreRefusedWithEveryProblemListed() {
		Reply reply = post("/api/v1/jobs", """
				{"pipeline": "tweet-sentiment", "params": {"source": "kafka", "topic": "bad topic!",
				 "bootstrapServers": "kafka.example.com:9092", "watermark": "soon", "windowDuration": "0 seconds",
				 "triggerInterval": "1 fortnight"}}""").expect(400);

		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.body().get("type").asText()).isEqualTo("https://sparkway.dev/problems/invalid-request");
		List<String> errors = new ArrayList<>();
		reply.body().get("errors").forEach(e -> errors.add(e.get("field").asText() + ": " + e.get("message").asText()));
		assertThat(errors).hasSize(5);
		assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("params.bootstrapServers: 'kafka.example.com:9092' is not an allowed bootstrap server"));
		assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("params.topic: must be a Kafka topic name"));
		assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("params.watermark: must be an interval"));
		assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("params.windowDuration: must be at least 1 s"));
		assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("params.triggerInterval: must be an interval"));
	}

	@Test
	void aKafkaSourceNeedsATopicAndAServerAndAFilesSourceAnExistingFolder() {
		Reply kafka = post("/api/v1/jobs", """
				{"pipeline": "tweet-sentiment", "params": {"source": "kafka", "path": "no/such/folder"}}""")
			.expect(400);
		List<String> fields = new ArrayList<>();
		kafka.body().get("errors").forEach(e -> fields.add(e.get("field").asText()));
		// The folder does not matter with kafka, so it is not looked for.
		assertThat(fields).containsExactlyInAnyOrder("params.topic", "params.bootstrapServers");

		writeInput("sentiment/a-file.jsonl", "{}");
		Reply notAFolder = post("/api/v1/jobs", """
				{"pipeline": "tweet-sentiment", "params": {"path": "sentiment/a-file.jsonl"}}""").expect(400);
		assertThat(notAFolder.body().at("/errors/0/message").asText()).isEqualTo("'sentiment/a-file.jsonl' is not a folder");
		Reply outside = post("/api/v1/jobs", """
				{"pipeline": "tweet-sentiment", "params": {"path": "../"}}""").expect(400);
		assertThat(outside.body().at("/errors/0/message").asText()).contains("outside the input root");
	}

	static String tweet(String createdAt, String id, String text) {
		return "{\"created_at\":\"" + createdAt + "\",\"id_str\":\"" + id + "\",\"text\":\"" + text + "\"}";
	}

	static List<String> rows(JsonNode rows) {
		List<String> lines = new ArrayList<>();
		rows.forEach(row -> lines.add(row.get("WindowStart").asText() + " " + row.get("WindowEnd").asText() + " "
				+ row.get("Sentiment").asText() + " " + row.get("Count").asLong()));
		return lines;
	}

}
