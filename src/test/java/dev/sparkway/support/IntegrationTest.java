package dev.sparkway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkway.spark.SparkSessionHolder;
import org.apache.spark.sql.SparkSession;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of every integration test: the real server on a random port, with the real SparkSession. Every subclass
 * shares one Spring context (same configuration, so Spring's test-context cache keeps it), hence one
 * SparkSession for the whole suite.
 * <p>
 * Inputs go under {@link #inputRoot()}; tests write their fixtures there in code.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Spring Boot tests turn metrics export off; /actuator/prometheus is tested (PrometheusMetricsTests).
@AutoConfigureObservability(tracing = false)
@Import(SlowTestPipeline.Registration.class)
public abstract class IntegrationTest {

	protected static final String ADMIN_KEY_NAME = "test-admin";

	protected static final String ADMIN_KEY = "admin-key-for-tests";

	protected static final String READ_KEY = "read-key-for-tests";

	protected static final String SUBMIT_KEY = "submit-key-for-tests";

	protected static final String ALLOWED_ORIGIN = "https://dashboard.example.com";

	protected static final String WEBHOOK_SECRET = "webhook-secret-for-tests";

	/** One folder per test JVM, so runs never see each other's jobs or files. */
	private static final Path ROOT = createRoot();

	@LocalServerPort
	protected int port;

	@Autowired
	protected ObjectMapper json;

	@Autowired
	private SparkSessionHolder sparkSessions;

	private RestClient http;

	/** The shared SparkSession as it is now (a new one after a lost context was replaced). */
	protected SparkSession spark() {
		return sparkSessions.session();
	}

	@DynamicPropertySource
	static void sparkwayProperties(DynamicPropertyRegistry registry) {
		registry.add("sparkway.storage.input-root", () -> ROOT.resolve("input").toString());
		registry.add("sparkway.storage.output-root", () -> ROOT.resolve("output").toString());
		registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + ROOT.resolve("jobstore") + ";DB_CLOSE_ON_EXIT=FALSE");
		registry.add("sparkway.spark.master", () -> "local[2]");
		// Any free port: a developer's server may hold 4040.
		registry.add("sparkway.spark.conf.spark.ui.port", () -> "0");
		// Long enough for a test to see health DOWN while a lost SparkContext is replaced.
		registry.add("sparkway.spark.rebuild-delay", () -> "2s");
		registry.add("sparkway.spark.conf.spark.sql.shuffle.partitions", () -> "2");
		registry.add("sparkway.demo-data.sales-rows", () -> "3000");
		registry.add("sparkway.demo-data.activity-rows", () -> "1000");
		registry.add("spring.datasource.hikari.maximum-pool-size", () -> "8");
		registry.add("sparkway.jobs.max-concurrent", () -> "2");
		// Small enough that a test can go past it.
		registry.add("spring.servlet.multipart.max-file-size", () -> "1MB");
		registry.add("spring.servlet.multipart.max-request-size", () -> "1MB");
		// The suite runs with API keys required, as a shared server would; http() sends the admin key.
		registry.add("sparkway.security.enabled", () -> "true");
		String[][] keys = { { ADMIN_KEY_NAME, ADMIN_KEY, "admin" }, { "reader", READ_KEY, "read" },
				{ "submitter", SUBMIT_KEY, "submit" } };
		for (int i = 0; i < keys.length; i++) {
			String[] key = keys[i];
			registry.add("sparkway.security.keys[" + i + "].name", () -> key[0]);
			registry.add("sparkway.security.keys[" + i + "].sha256", () -> sha256(key[1]));
			registry.add("sparkway.security.keys[" + i + "].roles", () -> key[2]);
		}
		registry.add("sparkway.jobs.queue-capacity", () -> "10");
		// A dashboard on another origin may call the API (CorsTests).
		registry.add("sparkway.http.cors.allowed-origins", () -> ALLOWED_ORIGIN);
		registry.add("sparkway.streaming.kafka.allowed-bootstrap-servers", KafkaBroker::address);
		// Webhook receivers run in the tests on loopback; retries small enough to watch.
		registry.add("sparkway.webhooks.secret", () -> WEBHOOK_SECRET);
		registry.add("sparkway.webhooks.allowed-hosts", () -> "127.0.0.1");
		registry.add("sparkway.webhooks.timeout", () -> "2s");
		registry.add("sparkway.webhooks.initial-backoff", () -> "300ms");
		registry.add("sparkway.webhooks.max-attempts", () -> "4");
		registry.add("sparkway.webhooks.poll-interval", () -> "100ms");
	}

	private static Path createRoot() {
		try {
			Path root = Path.of("target", "it-data", UUID.randomUUID().toString()).toAbsolutePath();
			Files.createDirectories(root.resolve("input"));
			return root;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	protected static String sha256(String key) {
		try {
			return java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	protected static Path inputRoot() {
		return ROOT.resolve("input");
	}

	protected static Path outputRoot() {
		return ROOT.resolve("output");
	}

	/** Writes a text file under the input root and returns its relative path. */
	protected static String writeInput(String relative, String content) {
		try {
			Path file = inputRoot().resolve(relative);
			Files.createDirectories(file.getParent());
			Files.writeString(file, content);
			return relative;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Writes a text file under the input root so that it appears whole under its name (written hidden, then moved),
	 * as a running streaming file source must see it.
	 */
	protected static void writeInputWhole(String relative, String content) {
		String hidden = relative.replaceFirst("([^/]+)$", ".$1.tmp");
		writeInput(hidden, content);
		try {
			Files.move(inputRoot().resolve(hidden), inputRoot().resolve(relative), StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	protected RestClient http() {
		if (http == null) {
			http = RestClient.builder()
				.baseUrl("http://localhost:" + port)
				.defaultHeader("X-API-Key", ADMIN_KEY)
				.build();
		}
		return http;
	}

	/** An HTTP exchange whose status, headers and JSON body a test can inspect, whatever the status. */
	public record Reply(int status, HttpHeaders headers, JsonNode body, String text) {

		public Reply expect(int expected) {
			assertThat(status).as("HTTP status, body: %s", body).isEqualTo(expected);
			return this;
		}

		public String contentType() {
			return headers.getFirst(HttpHeaders.CONTENT_TYPE);
		}

	}

	protected Reply get(String path) {
		return exchange(http().get().uri(path));
	}

	protected Reply post(String path, String jsonBody) {
		return exchange(http().post().uri(path).contentType(MediaType.APPLICATION_JSON).body(jsonBody));
	}

	protected Reply post(String path) {
		return exchange(http().post().uri(path));
	}

	/** Sends any request and returns its reply, whatever the status. */
	protected Reply exchange(RestClient.RequestHeadersSpec<?> request) {
		return request.exchange((req, response) -> reply(response.getStatusCode(), response.getHeaders(),
				response.getBody().readAllBytes()));
	}

	private Reply reply(HttpStatusCode status, HttpHeaders headers, byte[] body) throws IOException {
		String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
		MediaType type = headers.getContentType();
		boolean isJson = type != null && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"));
		JsonNode node = body.length == 0 || !isJson ? null : json.readTree(body);
		return new Reply(status.value(), headers, node, text);
	}

	/** Submits a job and returns its id, asserting the 202 and Location. */
	protected String submit(String pipeline, Map<String, ?> params) {
		String body;
		try {
			body = json.writeValueAsString(Map.of("pipeline", pipeline, "params", params));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Reply reply = post("/api/v1/jobs", body).expect(202);
		String id = reply.body().get("id").asText();
		assertThat(reply.headers().getFirst(HttpHeaders.LOCATION)).isEqualTo("/api/v1/jobs/" + id);
		return id;
	}

	/** Polls the job until it reaches one of the given statuses, failing after the deadline. */
	protected JsonNode awaitStatus(String id, Duration deadline, String... statuses) {
		Set<String> wanted = Set.of(statuses);
		long end = System.nanoTime() + deadline.toNanos();
		JsonNode job;
		do {
			job = get("/api/v1/jobs/" + id).expect(200).body();
			if (wanted.contains(job.get("status").asText())) {
				return job;
			}
			Poll.pause();
		}
		while (System.nanoTime() < end);
		throw new AssertionError("Job " + id + " did not reach " + wanted + " within " + deadline + "; last: " + job);
	}

	/** Runs a job to an end state and asserts it SUCCEEDED. */
	protected JsonNode runToSuccess(String pipeline, Map<String, ?> params) {
		String id = submit(pipeline, params);
		JsonNode job = awaitStatus(id, Duration.ofMinutes(3), "SUCCEEDED", "FAILED", "CANCELLED");
		assertThat(job.get("status").asText()).as("job %s", job).isEqualTo("SUCCEEDED");
		return job;
	}

	/** All rows of an output through the preview endpoint (outputs in tests are small). */
	protected JsonNode previewRows(String jobId, String output) {
		Reply reply = get("/api/v1/jobs/" + jobId + "/outputs/" + output + "/preview?limit=1000").expect(200);
		assertThat(reply.body().get("truncated").asBoolean()).as("test output fits one preview").isFalse();
		return reply.body().get("rows");
	}

	/** The server's {@code /actuator/prometheus} text (security is off in the shared context). */
	protected String prometheus() {
		Reply reply = get("/actuator/prometheus").expect(200);
		assertThat(reply.contentType()).startsWith("text/plain");
		return reply.text();
	}

}
