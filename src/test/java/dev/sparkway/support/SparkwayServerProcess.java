package dev.sparkway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The packaged server ({@code java -jar target/sparkway-*.jar}) as a process of its own, run from the project
 * folder (so with the repository's {@code application.yml}) with a job store, input and output of the test's, and
 * driven over HTTP.
 */
public final class SparkwayServerProcess implements AutoCloseable {

	private final TestProcess process;

	private final int port;

	private final RestClient http;

	private final ObjectMapper json = new ObjectMapper();

	private SparkwayServerProcess(TestProcess process, int port, String apiKey) {
		this.process = process;
		this.port = port;
		RestClient.Builder http = RestClient.builder().baseUrl("http://127.0.0.1:" + port);
		if (apiKey != null) {
			http.defaultHeader("X-API-Key", apiKey);
		}
		this.http = http.build();
	}

	/** The same server, its requests sent with {@code X-API-Key: apiKey}. */
	public SparkwayServerProcess withApiKey(String apiKey) {
		return new SparkwayServerProcess(process, port, apiKey);
	}

	/** The packaged jar Maven built before the integration tests (system property {@code sparkway.jar}). */
	public static Path packagedJar() {
		String jar = System.getProperty("sparkway.jar");
		if (jar == null || !Files.isRegularFile(Path.of(jar))) {
			throw new IllegalStateException("No packaged jar at sparkway.jar=" + jar + ": run through `./mvnw verify`");
		}
		return Path.of(jar);
	}

	/**
	 * Starts the server with its files under {@code folder} and the given {@code --key=value} arguments, without
	 * waiting for it ({@link #awaitReady}). The caller closes it.
	 */
	public static SparkwayServerProcess start(String name, Path folder, Path inputRoot, List<String> jvmOptions,
			Map<String, String> environment, List<String> arguments) {
		int port = FreePorts.take(1)[0];
		List<String> command = new ArrayList<>();
		command.add(TestProcess.java());
		command.add("-Xmx1g");
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(packagedJar().toString());
		command.add("--server.port=" + port);
		command.add("--sparkway.storage.input-root=" + inputRoot);
		command.add("--sparkway.storage.output-root=" + folder.resolve("output"));
		command.add("--spring.datasource.url=jdbc:h2:file:" + folder.resolve("jobstore") + ";DB_CLOSE_ON_EXIT=FALSE");
		command.add("--sparkway.demo-data.enabled=false");
		command.add("--sparkway.spark.conf.spark.sql.warehouse.dir=" + folder.resolve("spark-warehouse"));
		command.addAll(arguments);
		Path projectFolder = Path.of("").toAbsolutePath();
		TestProcess process = TestProcess.start(name, command, environment, projectFolder,
				folder.resolve("logs").resolve(name + ".log"));
		return new SparkwayServerProcess(process, port, null);
	}

	/** Waits until the readiness probe answers UP, failing with the server's log if it exits or the deadline passes. */
	public SparkwayServerProcess awaitReady(Duration deadline) {
		try {
			Poll.until(deadline, process + " ready", () -> {
				if (!process.isAlive()) {
					throw new IllegalStateException(process + " exited while starting:\n" + process.logTail(60));
				}
				try {
					return "UP".equals(get("/actuator/health/readiness").path("status").asText());
				}
				catch (RestClientException ex) {
					return false;
				}
			});
			return this;
		}
		catch (AssertionError ex) {
			throw new AssertionError(ex.getMessage() + "\n" + process.logTail(60), ex);
		}
	}

	public String name() {
		return process.name();
	}

	public int port() {
		return port;
	}

	public String logTail(int lines) {
		return process.logTail(lines);
	}

	/** GET of a JSON document, whatever the status (health answers 503 when DOWN). */
	public JsonNode get(String path) {
		return http.get().uri(path).exchange((request, response) -> read(response.getBody().readAllBytes()));
	}

	/** Submits a job, expecting 202, and returns its id. */
	public String submit(String pipeline, Map<String, ?> params) {
		String body;
		try {
			body = json.writeValueAsString(Map.of("pipeline", pipeline, "params", params));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return http.post().uri("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).body(body)
			.exchange((request, response) -> {
				JsonNode reply = read(response.getBody().readAllBytes());
				if (response.getStatusCode().value() != 202) {
					throw new AssertionError(name() + " answered " + response.getStatusCode() + " to " + body + ": " + reply);
				}
				return reply.get("id").asText();
			});
	}

	/** Polls the job until it has ended, and returns it. */
	public JsonNode awaitEnd(String id, Duration deadline) {
		Set<String> ended = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
		JsonNode[] last = new JsonNode[1];
		try {
			Poll.until(deadline, "job " + id + " on " + name() + " ended", () -> {
				last[0] = get("/api/v1/jobs/" + id);
				return ended.contains(last[0].path("status").asText());
			});
		}
		catch (AssertionError ex) {
			throw new AssertionError(ex.getMessage() + "; last: " + last[0] + "\n" + process.logTail(40), ex);
		}
		return last[0];
	}

	/** SIGTERM, as an orchestrator stops it; killed if it does not end within the grace. */
	@Override
	public void close() {
		process.stop(Duration.ofSeconds(30));
	}

	private JsonNode read(byte[] body) throws IOException {
		return body.length == 0 ? json.nullNode() : json.readTree(body);
	}

}
