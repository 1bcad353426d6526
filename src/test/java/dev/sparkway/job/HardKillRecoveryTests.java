package dev.sparkway.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.support.Poll;
import dev.sparkway.support.ServerProcess;
import dev.sparkway.support.SlowTestPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.web.client.RestClient;

import static dev.sparkway.support.ServerRequests.get;
import static dev.sparkway.support.ServerRequests.submit;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of a real server process in the middle of a job: the next start on the same data marks the job
 * INTERRUPTED and removes its half-written output, and every other record and earlier output is intact.
 */
class HardKillRecoveryTests {

	@TempDir
	Path root;

	@Test
	void theNextStartMarksTheKilledJobInterruptedAndKeepsEverythingElse() throws Exception {
		String earlier;
		JsonNode earlierJob;
		JsonNode earlierRows;
		String killed;
		try (ServerProcess server = ServerProcess.start(root, "1g", Map.of())) {
			RestClient http = server.http();
			earlier = submit(http, "{\"pipeline\":\"retail-sales\"}");
			earlierJob = await(http, earlier, "SUCCEEDED");
			earlierRows = preview(http, earlier);
			killed = submit(http, "{\"pipeline\":\"" + SlowTestPipeline.NAME
					+ "\",\"params\":{\"tasks\":2,\"taskMillis\":120000}}");
			Poll.until(Duration.ofSeconds(90), "the slow job running Spark tasks", () -> job(http, killed)
				.at("/progress/tasks/active")
				.asInt() > 0);
			// Its first output is written, its second is being written: a half-written result.
			assertThat(root.resolve("output").resolve(killed).resolve("first")).isDirectory();

			server.kill();
		}

		try (ServerProcess restarted = ServerProcess.start(root, "1g", Map.of())) {
			RestClient http = restarted.http();
			JsonNode interrupted = job(http, killed);
			assertThat(interrupted.get("status").asText()).as("%s", interrupted).isEqualTo("FAILED");
			assertThat(interrupted.at("/error/type").asText()).isEqualTo("INTERRUPTED");
			assertThat(interrupted.get("outputs")).isEmpty();
			assertThat(root.resolve("output").resolve(killed)).doesNotExist();

			JsonNode stillThere = job(http, earlier);
			assertThat(stillThere.get("status").asText()).isEqualTo("SUCCEEDED");
			assertThat(stillThere.get("outputs")).isEqualTo(earlierJob.get("outputs"));
			assertThat(stillThere.get("summary")).isEqualTo(earlierJob.get("summary"));
			assertThat(preview(http, earlier)).isEqualTo(earlierRows);
			for (String status : new String[] { "QUEUED", "RUNNING" }) {
				assertThat(get(http, "/api/v1/jobs?status=" + status).get("total").asLong()).as(status).isZero();
			}
		}
	}


	private JsonNode await(RestClient http, String id, String status) {
		Poll.until(Duration.ofMinutes(3), "job " + id + " " + status, () -> {
			String now = job(http, id).get("status").asText();
			assertThat(now).as("job %s", id).isIn("QUEUED", "RUNNING", status);
			return now.equals(status);
		});
		return job(http, id);
	}

	private JsonNode preview(RestClient http, String id) {
		return get(http, "/api/v1/jobs/" + id + "/outputs/daily_sales/preview?limit=1000").get("rows");
	}

	private JsonNode job(RestClient http, String id) {
		return get(http, "/api/v1/jobs/" + id);
	}

}
