package dev.sparkway.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.support.IntegrationTest;
import dev.sparkway.support.Poll;
import dev.sparkway.support.SlowTestPipeline;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

/**
 * The Spark UI of the suite's shared session (its real port) behind the same API keys as the API: 401 without a
 * known key, 200 with a read key (header or Basic), and the kill endpoints refused to every key while killing from
 * the UI is off, as it is by default. Every key has at least {@code read} (roles are hierarchical and a key has
 * one or more), so a key lacking the role a Spark UI request needs is one without {@code admin} at a kill endpoint.
 */
class SparkUiSecurityTests extends IntegrationTest {

	private static final String BASIC_REALM = "Basic realm=\"Sparkway Spark UI\"";

	private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@Test
	void sparkUiPagesAndRestApiNeedAKnownKey() throws Exception {
		for (String path : List.of(restApi("/jobs"), "/jobs/", "/environment/")) {
			HttpResponse<String> none = send("GET", path, Map.of());
			assertThat(none.statusCode()).as("GET %s without a key", path).isEqualTo(401);
			assertThat(none.headers().firstValue("WWW-Authenticate")).get(as(STRING)).startsWith(BASIC_REALM);
			assertThat(none.headers().firstValue("Content-Type")).get(as(STRING)).startsWith("application/problem+json");
			assertThat(json.readTree(none.body()).get("detail").asText()).contains("read role");

			HttpResponse<String> unknown = send("GET", path, Map.of("X-API-Key", "not-a-key"));
			assertThat(unknown.statusCode()).as("GET %s with an unknown key", path).isEqualTo(401);
			assertThat(json.readTree(unknown.body()).get("detail").asText()).isEqualTo("Unknown API key.");
			assertThat(send("GET", path, basic("someone", "not-a-key")).statusCode()).isEqualTo(401);
		}
	}

	@Test
	void aReadKeyOpensThePagesAndTheRestApiByHeaderOrBasic() throws Exception {
		String jobs = restApi("/jobs");
		HttpResponse<String> byHeader = send("GET", jobs, Map.of("X-API-Key", READ_KEY));
		assertThat(byHeader.statusCode()).isEqualTo(200);
		assertThat(json.readTree(byHeader.body()).isArray()).isTrue();
		assertThat(send("GET", jobs, Map.of("Authorization", "Bearer " + READ_KEY)).statusCode()).isEqualTo(200);
		assertThat(send("GET", jobs, basic("any-name", READ_KEY)).statusCode()).isEqualTo(200);

		HttpResponse<String> page = send("GET", "/jobs/", basic("browser", READ_KEY));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("Spark Jobs");
		assertThat(send("GET", "/jobs/", Map.of("X-API-Key", SUBMIT_KEY)).statusCode()).isEqualTo(200);
	}

	@Test
	void sparkUiAnswersCarryTheSecurityHeadersAlsoWhenRefused() throws Exception {
		for (HttpResponse<String> answer : List.of(send("GET", "/jobs/", basic("browser", READ_KEY)),
				send("GET", "/jobs/", Map.of()), send("GET", "/static/webui.js", Map.of("X-API-Key", READ_KEY)))) {
			assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(answer.headers().firstValue("X-Frame-Options")).hasValue("SAMEORIGIN");
			assertThat(answer.headers().firstValue("Content-Security-Policy")).get(as(STRING))
				.contains("frame-ancestors 'self'")
				.contains("object-src 'none'");
		}
	}

	@Test
	void aRunningJobSurvivesKillAttemptsFromTheSparkUiWhichAreRefusedToEveryKey() throws Exception {
		String id = submit(SlowTestPipeline.NAME, Map.of("tasks", 2, "taskMillis", 8_000));
		List<Integer> stages = new ArrayList<>();
		Poll.until(Duration.ofMinutes(1), "an active stage of job " + id, () -> {
			stages.clear();
			stages.addAll(activeStagesOf(id));
			return !stages.isEmpty();
		});
		String appId = spark().sparkContext().applicationId();
		for (int stage : stages) {
			// Without the trailing slash Jetty answers a redirect to it before any filter runs.
			List<String> killPaths = List.of("/stages/stage/kill/?id=" + stage + "&terminate=true",
					"/stages/stage/%6Bill/?id=" + stage + "&terminate=true",
					"/proxy/" + appId + "/stages/stage/kill/?id=" + stage + "&terminate=true");
			for (String kill : killPaths) {
				assertThat(send("POST", kill, Map.of()).statusCode()).as("POST %s without a key", kill).isEqualTo(401);
				HttpResponse<String> read = send("POST", kill, Map.of("X-API-Key", READ_KEY));
				assertThat(read.statusCode()).as("POST %s with a read key", kill).isEqualTo(403);
				HttpResponse<String> admin = send("POST", kill, basic("ops", ADMIN_KEY));
				assertThat(admin.statusCode()).as("POST %s with an admin key, killing off", kill).isEqualTo(403);
				assertThat(json.readTree(admin.body()).get("detail").asText()).contains("spark.ui.killEnabled=false");
				assertThat(send("GET", kill, Map.of("X-API-Key", ADMIN_KEY)).statusCode()).isEqualTo(403);
			}
		}
		String jobKill = "/jobs/job/kill/?id=0";
		assertThat(send("GET", jobKill, Map.of("X-API-Key", READ_KEY)).statusCode()).isEqualTo(403);
		assertThat(send("GET", jobKill, Map.of("X-API-Key", ADMIN_KEY)).statusCode()).isEqualTo(403);

		JsonNode job = awaitStatus(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED", "CANCELLED");
		assertThat(job.get("status").asText()).as("job %s after the kill attempts", job).isEqualTo("SUCCEEDED");
	}

	/** Active stages of the Spark jobs of a Sparkway job (its job group), as the Spark UI's REST API lists them. */
	private List<Integer> activeStagesOf(String jobId) {
		try {
			List<Integer> stageIds = new ArrayList<>();
			for (JsonNode sparkJob : json.readTree(send("GET", restApi("/jobs?status=running"),
					Map.of("X-API-Key", READ_KEY)).body())) {
				if (jobId.equals(sparkJob.path("jobGroup").asText())) {
					sparkJob.path("stageIds").forEach(stage -> stageIds.add(stage.asInt()));
				}
			}
			List<Integer> active = new ArrayList<>();
			for (JsonNode stage : json.readTree(send("GET", restApi("/stages?status=active"),
					Map.of("X-API-Key", READ_KEY)).body())) {
				// Not numActiveTasks: the status store writes a stage's task starts within 100 ms of its submission
				// only at the next executor heartbeat (10 s), so a short stage may show 0 active tasks throughout.
				if (stageIds.contains(stage.get("stageId").asInt())) {
					active.add(stage.get("stageId").asInt());
				}
			}
			return active;
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String restApi(String path) {
		return "/api/v1/applications/" + spark().sparkContext().applicationId() + path;
	}

	private HttpResponse<String> send(String method, String path, Map<String, String> headers)
			throws IOException, InterruptedException {
		String ui = spark().sparkContext().uiWebUrl().get();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ui + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(30));
		headers.forEach(request::header);
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static Map<String, String> basic(String user, String key) {
		return Map.of("Authorization", "Basic "
				+ Base64.getEncoder().encodeToString((user + ":" + key).getBytes(StandardCharsets.UTF_8)));
	}

}
