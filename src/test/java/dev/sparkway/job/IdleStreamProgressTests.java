package dev.sparkway.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.support.IntegrationTest;
import dev.sparkway.support.Poll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An idle stream is told from a stuck one: while no input arrives, Spark reports the query idle (about every 10 s)
 * and streaming.lastProgressAt keeps moving, the batch id staying where it was.
 */
class IdleStreamProgressTests extends IntegrationTest {

	@Test
	void anIdleStreamsLastProgressAtKeepsMoving() {
		writeInput("idle-stream/a.jsonl",
				"{\"created_at\":\"Wed Oct 25 10:00:00 +0000 2023\",\"id_str\":\"1\",\"text\":\"happy\"}\n");
		String id = submit("tweet-sentiment", Map.of("path", "idle-stream", "triggerInterval", "1 second"));
		try {
			Poll.until(Duration.ofMinutes(2), "first micro-batch",
					() -> get("/api/v1/jobs/" + id).expect(200).body().at("/streaming/batchId").asLong(-1) >= 0);
			// The first report after the data may be a batch without input that moves the watermark; from then on
			// the stream is idle: twice, lastProgressAt moves on and the batch id stays.
			Instant seen = lastProgressAt(id);
			long batch = -1;
			for (int i = 0; i < 3; i++) {
				Instant before = seen;
				Poll.until(Duration.ofSeconds(40), "lastProgressAt moves on while idle",
						() -> lastProgressAt(id).isAfter(before));
				JsonNode now = get("/api/v1/jobs/" + id).expect(200).body();
				seen = Instant.parse(now.at("/streaming/lastProgressAt").asText());
				assertThat(now.get("status").asText()).isEqualTo("RUNNING");
				if (i > 0) {
					assertThat(now.at("/streaming/batchId").asLong()).as("no new input, no new batch").isEqualTo(batch);
				}
				batch = now.at("/streaming/batchId").asLong();
			}
		}
		finally {
			post("/api/v1/jobs/" + id + "/cancel");
		}
	}

	private Instant lastProgressAt(String id) {
		return Instant.parse(get("/api/v1/jobs/" + id).expect(200).body().at("/streaming/lastProgressAt").asText());
	}

}
