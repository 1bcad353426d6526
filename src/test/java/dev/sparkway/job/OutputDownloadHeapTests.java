package dev.sparkway.job;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkway.support.Poll;
import dev.sparkway.support.ServerProcess;
import dev.sparkway.support.WideRowsTestPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A download larger than the server's heap streams through it whole and in order, and the server stays up.
 */
class OutputDownloadHeapTests {

	private static final long HEAP_BYTES = 640L << 20;

	private static final int ROWS = 700_000;

	private static final int WIDTH = 1000;

	private final ObjectMapper json = new ObjectMapper();

	@TempDir
	Path root;

	@Test
	void aDownloadLargerThanTheServersHeapArrivesWholeAndInOrder() throws Exception {
		try (ServerProcess server = ServerProcess.start(root, (HEAP_BYTES >> 20) + "m", Map.of())) {
			RestClient http = server.http();
			String id = json.readTree(http.post()
				.uri("/api/v1/jobs")
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"pipeline\":\"" + WideRowsTestPipeline.NAME + "\",\"params\":{\"rows\":" + ROWS + ",\"width\":"
						+ WIDTH + "}}")
				.retrieve()
				.body(String.class)).get("id").asText();
			Poll.until(Duration.ofMinutes(5), "job " + id + " ended",
					() -> !get(http, "/api/v1/jobs/" + id).get("status").asText().matches("QUEUED|RUNNING"));
			assertThat(get(http, "/api/v1/jobs/" + id).get("status").asText()).as(server.logTail())
				.isEqualTo("SUCCEEDED");

			String xs = "x".repeat(WIDTH);
			long[] received = http.get().uri("/api/v1/jobs/" + id + "/outputs/wide/download?format=csv").exchange((req, res) -> {
				assertThat(res.getStatusCode().value()).isEqualTo(200);
				assertThat(res.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
					.isEqualTo("attachment; filename=\"" + id + "-wide.csv\"");
				BufferedReader lines = new BufferedReader(new InputStreamReader(res.getBody(), StandardCharsets.US_ASCII));
				assertThat(lines.readLine()).isEqualTo("id,text");
				long bytes = "id,text\r\n".length();
				long rows = 0;
				for (String line = lines.readLine(); line != null; line = lines.readLine()) {
					// Row i is "i,i" followed by the x's: each row once, in id order.
					String expected = rows + "," + rows + xs;
					if (!line.equals(expected)) {
						assertThat(line).as("row %d", rows).isEqualTo(expected);
					}
					bytes += line.length() + 2;
					rows++;
				}
				return new long[] { rows, bytes };
			});

			assertThat(received[0]).isEqualTo(ROWS);
			assertThat(received[1]).as("bytes downloaded").isGreaterThan(HEAP_BYTES);
			assertThat(get(http, "/actuator/health").get("status").asText()).isEqualTo("UP");
			assertThat(server.logTail()).doesNotContain("OutOfMemoryError");
		}
	}

	private JsonNode get(RestClient http, String path) {
		try {
			return json.readTree(http.get().uri(path).retrieve().body(String.class));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
