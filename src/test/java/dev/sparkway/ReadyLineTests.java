package dev.sparkway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkway.support.Poll;
import dev.sparkway.support.ServerProcess;
import dev.sparkway.support.TestProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one start-up line that says where everything is, and Spark UI links at a public address: a server of its own
 * on {@code server.port=0}, so the line must carry the port the server really bound.
 */
class ReadyLineTests {

	private static final Duration START = Duration.ofMinutes(3);

	private final ObjectMapper json = new ObjectMapper();

	@TempDir
	Path root;

	@Test
	void theReadyLineNamesEveryAddressAndLinksUseTheSparkUiPublicUrl() throws Exception {
		List<String> command = new ArrayList<>(ServerProcess.command(root, "768m", 0,
				Map.of("sparkway.spark.ui-public-url", "https://spark.example.com/", "sparkway.demo-data.enabled",
						"false", "sparkway.spark.conf.spark.ui.port", "0")));
		// The helper turns the UI off; this test needs it on (a second --key would join the two values).
		assertThat(command.remove("--sparkway.spark.conf.spark.ui.enabled=false")).isTrue();
		Files.createDirectories(root.resolve("input"));
		Files.writeString(root.resolve("input/sales.csv"), """
				TransactionID,Timestamp,StoreID,ProductID,UserID,Quantity,UnitPrice
				T1,2024-01-01 10:00:00,1,P,U1,1,1.0
				T2,2024-01-02 10:00:00,2,P,U2,2,1.0
				""");
		Path log = root.resolve("server.log");
		try (TestProcess server = TestProcess.start("sparkway-ready-line", command, Map.of(),
				Path.of("").toAbsolutePath(), log)) {
			String line = awaitReadyLine(server, log);

			Matcher matcher = Pattern.compile("Sparkway ready: API http://localhost:(\\d+)/api/v1, Swagger UI "
					+ "http://localhost:\\1/swagger-ui\\.html, dashboard http://localhost:\\1/, "
					+ "Spark UI https://spark\\.example\\.com$").matcher(line);
			assertThat(matcher.find()).as("ready line: %s", line).isTrue();
			int port = Integer.parseInt(matcher.group(1));
			assertThat(port).isPositive();
			RestClient http = RestClient.builder().baseUrl("http://localhost:" + port).build();
			assertThat(http.get().uri("/api/v1/pipelines").retrieve().toBodilessEntity().getStatusCode().value())
				.as("the API at the address the line names").isEqualTo(200);

			String id = json.readTree(http.post().uri("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
				.body("{\"pipeline\":\"retail-sales\",\"params\":{\"salesPath\":\"sales.csv\"}}")
				.retrieve()
				.body(String.class)).get("id").asText();
			JsonNode[] job = new JsonNode[1];
			Poll.until(Duration.ofMinutes(2), "job " + id + " ended", () -> {
				job[0] = read(http.get().uri("/api/v1/jobs/" + id).retrieve().body(String.class));
				return Set.of("SUCCEEDED", "FAILED", "CANCELLED").contains(job[0].get("status").asText());
			});
			assertThat(job[0].get("status").asText()).as("job %s", job[0]).isEqualTo("SUCCEEDED");
			assertThat(job[0].at("/links/sparkUi").asText()).matches("https://spark\\.example\\.com/jobs/job/\\?id=\\d+");
			JsonNode stages = read(http.get().uri("/api/v1/jobs/" + id + "/stages").retrieve().body(String.class))
				.get("stages");
			assertThat(stages).isNotEmpty()
				.allSatisfy(stage -> assertThat(stage.get("sparkUi").asText())
					.isEqualTo("https://spark.example.com/stages/stage/?id=" + stage.get("stageId").asInt()
							+ "&attempt=" + stage.get("attempt").asInt()));
		}
	}

	@Test
	void withTheSparkUiOffTheReadyLineSaysSo() throws Exception {
		List<String> command = ServerProcess.command(root, "768m", 0, Map.of("sparkway.demo-data.enabled", "false",
				"server.servlet.context-path", "/sparkway"));
		Path log = root.resolve("server.log");
		try (TestProcess server = TestProcess.start("sparkway-ready-line-ui-off", command, Map.of(),
				Path.of("").toAbsolutePath(), log)) {
			String line = awaitReadyLine(server, log);

			assertThat(line).matches(".*Sparkway ready: API http://localhost:[1-9]\\d*/sparkway/api/v1, Swagger UI "
					+ "http://localhost:[1-9]\\d*/sparkway/swagger-ui\\.html, dashboard http://localhost:[1-9]\\d*/sparkway/, "
					+ "Spark UI off$");
		}
	}

	/** Waits for the line; fails if the server exits first, or says it more than once. */
	private static String awaitReadyLine(TestProcess server, Path log) throws IOException {
		Poll.until(START, "the ready line in " + log, () -> {
			if (!server.isAlive()) {
				throw new AssertionError("server exited while starting:\n" + server.logTail(60));
			}
			return readyLines(log).size() == 1;
		});
		List<String> lines = readyLines(log);
		assertThat(lines).as("ready lines").hasSize(1);
		assertThat(lines.get(0)).contains(" INFO ");
		return lines.get(0);
	}

	private static List<String> readyLines(Path log) {
		try {
			return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains("Sparkway ready:")).toList()
					: List.of();
		}
		catch (IOException ex) {
			return List.of();
		}
	}

	private JsonNode read(String body) {
		try {
			return json.readTree(body);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
