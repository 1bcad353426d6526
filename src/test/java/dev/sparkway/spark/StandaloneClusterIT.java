package dev.sparkway.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkway.dataset.DemoDataGenerator;
import dev.sparkway.support.FreePorts;
import dev.sparkway.support.Poll;
import dev.sparkway.support.SparkStandaloneCluster;
import dev.sparkway.support.SparkwayServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Sparkway on a real Spark standalone cluster: a Master and two Workers (one core each) in JVMs of their own, and
 * the packaged server ({@code java -jar}) pointed at it with {@code spark://}, its driver on fixed ports. The same
 * jar in {@code local[2]} mode runs beside it as the reference: every pipeline must give the cluster the results
 * it gives locally (local mode's results are checked against hand-worked values by the pipeline tests), also when
 * an executor is killed in the middle of a job. The cluster and the clustered server run as a shared deployment
 * would: Spark's RPC authenticated with a secret from the environment, API keys required, also by the Spark UI.
 */
class StandaloneClusterIT {

	static final Duration STARTUP = Duration.ofMinutes(3);

	static final Duration JOB = Duration.ofMinutes(4);

	/** What each pipeline runs on. The catalogue may list no pipeline this test does not run. */
	static final Map<String, Map<String, Object>> PARAMS = Map.of(
			"retail-sales", Map.of("salesPath", "sales.csv"),
			"fraud-features", Map.of("salesPath", "sales.csv", "activityPath", "activity.csv"),
			"rfm-segmentation", Map.of("salesPath", "sales.csv", "k", 4, "maxIter", 10),
			"tweet-sentiment", Map.of("path", "tweets/", "trigger", "availableNow"));

	/** Long enough on the cluster to be caught in the middle; its outputs still fit one preview (2 stores). */
	static final String LARGE_SALES = "sales-large.csv";

	static final int LARGE_SALES_ROWS = 100_000;

	/** Spark's RPC secret of the cluster and the clustered server, new for each run. */
	static final String AUTH_SECRET = "rpc-secret-" + UUID.randomUUID();

	static final String ADMIN_KEY = "cluster-admin-key";

	static final String READ_KEY = "cluster-read-key";

	static final String BASIC_REALM = "Basic realm=\"Sparkway Spark UI\"";

	static Path run;

	static SparkStandaloneCluster cluster;

	static SparkwayServerProcess local;

	static SparkwayServerProcess clustered;

	static int driverPort;

	static int blockManagerPort;

	final ObjectMapper json = new ObjectMapper();

	@BeforeAll
	static void startClusterAndServers() throws IOException, URISyntaxException {
		run = Path.of("target", "cluster-it",
				LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + ProcessHandle.current().pid())
			.toAbsolutePath();
		Path input = Files.createDirectories(run.resolve("input"));
		Path tmp = Files.createDirectories(run.resolve("tmp"));
		// 4,000 sales rows over 3 stores and 150 users, 2,000 activities, 2 files of 500 tweets; the large file has 11
		// splits of 512 KiB.
		DemoDataGenerator small = new DemoDataGenerator(11, 3, 150, 40);
		small.writeSales(input.resolve("sales.csv"), 4_000);
		small.writeActivity(input.resolve("activity.csv"), 2_000);
		small.writeTweets(input.resolve("tweets"), 2, 500);
		new DemoDataGenerator(12, 2, 300, 50).writeSales(input.resolve(LARGE_SALES), LARGE_SALES_ROWS);

		String logback = Path.of(StandaloneClusterIT.class.getResource("/cluster/logback-spark.xml").toURI()).toString();
		// Two cores shared by seven JVMs: the C1 compiler alone and the serial collector spend the least CPU.
		List<String> lean = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + tmp);
		List<String> sparkJvmOptions = new ArrayList<>(lean);
		sparkJvmOptions.add("-Dlogback.configurationFile=" + logback);
		// The same SQL settings on both servers, so both split and shuffle the inputs alike.
		List<String> common = List.of("--sparkway.spark.conf.spark.ui.port=0",
				"--sparkway.spark.conf.spark.sql.shuffle.partitions=2",
				"--sparkway.spark.conf.spark.default.parallelism=2",
				"--sparkway.spark.conf.spark.sql.files.maxPartitionBytes=524288");

		List<String> localArguments = new ArrayList<>(common);
		localArguments.add("--sparkway.spark.master=local[2]");
		local = SparkwayServerProcess.start("sparkway-local", run.resolve("local"), input, lean, Map.of(),
				localArguments);

		List<String> clusterJvmOptions = new ArrayList<>(List.of(System.getProperty("spark.add-opens").split("\\s+")));
		clusterJvmOptions.addAll(sparkJvmOptions);
		cluster = SparkStandaloneCluster.start(run.resolve("cluster"), 2, 1, "1g", clusterJvmOptions, AUTH_SECRET,
				STARTUP);

		int[] ports = FreePorts.take(2);
		driverPort = ports[0];
		blockManagerPort = ports[1];
		List<String> clusterArguments = new ArrayList<>(common);
		clusterArguments.addAll(List.of("--sparkway.spark.master=" + cluster.masterUrl(),
				"--sparkway.spark.conf.spark.driver.host=127.0.0.1",
				"--sparkway.spark.conf.spark.driver.bindAddress=127.0.0.1",
				"--sparkway.spark.conf.spark.driver.port=" + driverPort,
				"--sparkway.spark.conf.spark.driver.blockManager.port=" + blockManagerPort,
				"--sparkway.spark.conf.spark.executor.memory=512m",
				"--sparkway.spark.conf.spark.cores.max=2",
				"--sparkway.spark.conf.spark.executor.extraJavaOptions=" + String.join(" ", sparkJvmOptions),
				// API keys required, as on a shared server: the Spark UI then needs them too.
				"--sparkway.security.enabled=true", "--sparkway.security.keys[0].name=ops",
				"--sparkway.security.keys[0].sha256=" + sha256(ADMIN_KEY), "--sparkway.security.keys[0].roles=admin",
				"--sparkway.security.keys[1].name=dashboard",
				"--sparkway.security.keys[1].sha256=" + sha256(READ_KEY), "--sparkway.security.keys[1].roles=read"));
		// The secret in the environment, as the chart gives it: never on a command line.
		clustered = SparkwayServerProcess.start("sparkway-cluster", run.resolve("on-cluster"), input, lean,
				Map.of("SPARK_LOCAL_IP", "127.0.0.1", "SPARKWAY_SPARK_AUTH_SECRET", AUTH_SECRET), clusterArguments)
			.withApiKey(ADMIN_KEY);

		local.awaitReady(STARTUP);
		clustered.awaitReady(STARTUP);
	}

	@AfterAll
	static void stopEverything() {
		// Closed in reverse order: the servers first (executors end with their application), then the cluster.
		try (SparkStandaloneCluster c = cluster; SparkwayServerProcess l = local; SparkwayServerProcess s = clustered) {
			// Nothing to do but close.
		}
	}

	@Test
	void theServerRunsItsSparkApplicationOnTheStandaloneCluster() {
		JsonNode spark = clustered.get("/actuator/health").at("/components/spark");

		assertThat(spark.path("status").asText()).isEqualTo("UP");
		assertThat(spark.at("/details/master").asText()).isEqualTo(cluster.masterUrl());
		String applicationId = applicationId();
		assertThat(applicationId).startsWith("app-");

		// The Master runs it, with one executor on each Worker (a replacement, after the kill test).
		List<String> applications = new ArrayList<>();
		cluster.masterState().path("activeapps").forEach(app -> applications.add(app.path("id").asText()));
		assertThat(applications).containsExactly(applicationId);
		Poll.until(JOB, "one executor of " + applicationId + " on each worker",
				() -> cluster.executors(0, applicationId).size() == 1 && cluster.executors(1, applicationId).size() == 1);
		assertThat(local.get("/actuator/health").at("/components/spark/details/master").asText())
			.isEqualTo("local[2]");
	}

	@Test
	void everyPipelineGivesTheSameResultsOnTheClusterAsInLocalMode() {
		List<String> catalogue = new ArrayList<>();
		clustered.get("/api/v1/pipelines").forEach(pipeline -> catalogue.add(pipeline.get("name").asText()));
		assertThat(catalogue).containsExactlyInAnyOrderElementsOf(PARAMS.keySet());

		for (String pipeline : catalogue) {
			String onCluster = clustered.submit(pipeline, PARAMS.get(pipeline));
			String inLocalMode = local.submit(pipeline, PARAMS.get(pipeline));

			JsonNode expected = succeeded(local, inLocalMode);
			JsonNode actual = succeeded(clustered, onCluster);

			assertSameResult(pipeline, expected, actual);
		}
	}

	@Test
	void aJobSucceedsWithTheSameResultWhenAnExecutorIsKilledInTheMiddle() throws Exception {
		String applicationId = applicationId();
		Map<String, Object> params = Map.of("salesPath", LARGE_SALES);
		String onCluster = clustered.submit("retail-sales", params);
		String inLocalMode = local.submit("retail-sales", params);

		// In the middle: executors have finished tasks of the job (map output to lose) and it goes on.
		Poll.until(JOB, "job " + onCluster + " running with 3 tasks done", () -> {
			JsonNode job = clustered.get("/api/v1/jobs/" + onCluster);
			assertThat(job.path("status").asText()).as("job %s before the kill", onCluster).isIn("QUEUED", "RUNNING");
			return job.at("/progress/tasks/completed").asLong() >= 3;
		});
		List<ProcessHandle> executors = cluster.executors(0, applicationId);
		assertThat(executors).hasSize(1);
		ProcessHandle executor = executors.get(0);
		String executorId = SparkStandaloneCluster.executorId(executor);
		assertThat(executor.destroyForcibly()).isTrue();
		executor.onExit().get(30, TimeUnit.SECONDS);
		JsonNode atKill = clustered.get("/api/v1/jobs/" + onCluster);
		assertThat(atKill.path("status").asText()).as("job when executor %s was dead: %s", executorId, atKill)
			.isEqualTo("RUNNING");

		JsonNode actual = succeeded(clustered, onCluster);
		JsonNode expected = succeeded(local, inLocalMode);

		assertSameResult("retail-sales after an executor loss", expected, actual);
		assertThat(actual.at("/summary/inputRows").asLong()).isEqualTo(LARGE_SALES_ROWS);
		// Spark saw the executor die.
		JsonNode killed = executorsOfTheApplication(applicationId).stream()
			.filter(entry -> entry.path("id").asText().equals(executorId))
			.findFirst()
			.orElseThrow();
		assertThat(killed.path("isActive").asBoolean()).as("executor %s: %s", executorId, killed).isFalse();
	}

	@Test
	void executorsReachTheDriverOnItsFixedPortsAndGetTheApplicationClassesAsAPlainJar() throws IOException {
		String applicationId = applicationId();
		succeeded(clustered, clustered.submit("retail-sales", PARAMS.get("retail-sales")));

		JsonNode environment = sparkUi("/api/v1/applications/" + applicationId + "/environment");
		String shipped = "spark://127.0.0.1:" + driverPort + "/jars/sparkway-classes.jar";
		boolean listed = false;
		for (JsonNode entry : environment.path("classpathEntries")) {
			listed |= entry.get(0).asText().equals(shipped) && entry.get(1).asText().equals("Added By User");
		}
		assertThat(listed).as("%s in %s", shipped, environment.path("classpathEntries")).isTrue();

		int checked = 0;
		for (JsonNode entry : executorsOfTheApplication(applicationId)) {
			String id = entry.path("id").asText();
			if (id.equals("driver")) {
				assertThat(entry.path("hostPort").asText()).isEqualTo("127.0.0.1:" + blockManagerPort);
				continue;
			}
			if (!entry.path("isActive").asBoolean() || entry.path("totalTasks").asLong() == 0) {
				continue;
			}
			int worker = workerOf(applicationId, id);
			// It was told to reach the driver on the fixed port, and did: it ran tasks.
			assertThat(SparkStandaloneCluster.arguments(executorProcess(worker, applicationId, id)))
				.contains("spark://CoarseGrainedScheduler@127.0.0.1:" + driverPort);
			// Before its first task it fetched the jar into its folder and put it on its class loader.
			Path jar = cluster.workDir(worker).resolve(applicationId).resolve(id).resolve("sparkway-classes.jar");
			try (JarFile file = new JarFile(jar.toFile())) {
				List<String> names = Collections.list(file.entries()).stream().map(JarEntry::getName).toList();
				assertThat(names).contains("dev/sparkway/pipeline/retail/RetailSalesPipeline.class")
					.noneMatch(name -> name.startsWith("BOOT-INF"));
			}
			checked++;
		}
		assertThat(checked).as("executors that ran tasks").isPositive();
	}

	@Test
	void theSparkUiOfTheClusteredServerNeedsAKeyAndARunningJobSurvivesKillAttempts() throws Exception {
		String ui = sparkUiUrl();
		String jobs = ui + "/api/v1/applications/" + applicationId() + "/jobs";
		for (String url : List.of(jobs, ui + "/jobs/")) {
			HttpResponse<String> none = send("GET", url, Map.of());
			assertThat(none.statusCode()).as("GET %s without a key", url).isEqualTo(401);
			assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith(BASIC_REALM);
			assertThat(send("GET", url, Map.of("X-API-Key", "not-a-key")).statusCode()).isEqualTo(401);
			assertThat(send("GET", url, Map.of("X-API-Key", READ_KEY)).statusCode()).isEqualTo(200);
			assertThat(send("GET", url, basic(READ_KEY)).statusCode()).isEqualTo(200);
		}

		String onCluster = clustered.submit("retail-sales", Map.of("salesPath", LARGE_SALES));
		List<Integer> stages = new ArrayList<>();
		Poll.until(JOB, "an active stage of job " + onCluster, () -> {
			assertThat(clustered.get("/api/v1/jobs/" + onCluster).path("status").asText()).isIn("QUEUED", "RUNNING");
			stages.clear();
			for (JsonNode stage : activeStages()) {
				if (stage.path("numActiveTasks").asInt() > 0) {
					stages.add(stage.get("stageId").asInt());
				}
			}
			return !stages.isEmpty();
		});
		for (int stage : stages) {
			String kill = ui + "/stages/stage/kill/?id=" + stage + "&terminate=true";
			assertThat(send("POST", kill, Map.of()).statusCode()).as("kill without a key").isEqualTo(401);
			assertThat(send("POST", kill, Map.of("X-API-Key", READ_KEY)).statusCode()).as("kill, read").isEqualTo(403);
			assertThat(send("POST", kill, Map.of("X-API-Key", ADMIN_KEY)).statusCode()).as("kill, admin, kill off")
				.isEqualTo(403);
		}
		succeeded(clustered, onCluster);
	}

	@Test
	void theRpcSecretIsRedactedOnTheSparkUiAndNeverLogged() throws Exception {
		JsonNode environment = sparkUi("/api/v1/applications/" + applicationId() + "/environment");
		Map<String, String> properties = new HashMap<>();
		environment.path("sparkProperties").forEach(entry -> properties.put(entry.get(0).asText(), entry.get(1).asText()));
		assertThat(properties).containsEntry("spark.authenticate", "true")
			.containsEntry("spark.authenticate.secret", "*********(redacted)");
		assertThat(environment.toString()).doesNotContain(AUTH_SECRET);
		assertThat(clustered.logTail(100_000)).doesNotContain(AUTH_SECRET);
	}

	@Test
	void anApplicationPresentingTheWrongSecretIsRefusedByTheMaster() {
		// SASL DIGEST-MD5, Spark's authentication without spark.network.crypto.enabled: the master finds the
		// response computed from another secret "mismatched".
		assertThat(cluster.connectAsApplication("not-the-secret", Duration.ofMinutes(2))).contains("\nREFUSED: ")
			.contains("Mismatched response")
			.doesNotContain("\nCONNECTED");
		// The same probe with the cluster's secret gets through: the secret is what was refused.
		assertThat(cluster.connectAsApplication(AUTH_SECRET, Duration.ofMinutes(2))).contains("\nCONNECTED")
			.doesNotContain("REFUSED");
	}

	private JsonNode activeStages() {
		try {
			return sparkUi("/api/v1/applications/" + applicationId() + "/stages?status=active");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String sparkUiUrl() {
		return clustered.get("/actuator/health").at("/components/spark/details/ui").asText();
	}

	private static HttpResponse<String> send(String method, String url, Map<String, String> headers)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(30));
		headers.forEach(request::header);
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static Map<String, String> basic(String key) {
		return Map.of("Authorization",
				"Basic " + Base64.getEncoder().encodeToString(("browser:" + key).getBytes(StandardCharsets.UTF_8)));
	}

	private static String sha256(String key) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private JsonNode succeeded(SparkwayServerProcess server, String id) {
		JsonNode job = server.awaitEnd(id, JOB);
		assertThat(job.path("status").asText()).as("job on %s: %s\n%s", server.name(), job, server.logTail(30))
			.isEqualTo("SUCCEEDED");
		return job;
	}

	private String applicationId() {
		return clustered.get("/actuator/health").at("/components/spark/details/applicationId").asText();
	}

	private JsonNode sparkUi(String path) throws IOException {
		return json.readTree(RestClient.create().get().uri(sparkUiUrl() + path).header("X-API-Key", READ_KEY)
			.retrieve()
			.body(String.class));
	}

	private List<JsonNode> executorsOfTheApplication(String applicationId) throws IOException {
		List<JsonNode> entries = new ArrayList<>();
		sparkUi("/api/v1/applications/" + applicationId + "/allexecutors").forEach(entries::add);
		return entries;
	}

	/** Which Worker runs the executor now. */
	private int workerOf(String applicationId, String executorId) {
		for (int worker = 0; worker < 2; worker++) {
			for (ProcessHandle executor : cluster.executors(worker, applicationId)) {
				if (SparkStandaloneCluster.executorId(executor).equals(executorId)) {
					return worker;
				}
			}
		}
		throw new AssertionError("No worker runs executor " + executorId);
	}

	private ProcessHandle executorProcess(int worker, String applicationId, String executorId) {
		return cluster.executors(worker, applicationId)
			.stream()
			.filter(executor -> SparkStandaloneCluster.executorId(executor).equals(executorId))
			.findFirst()
			.orElseThrow();
	}

	/**
	 * Same summary, outputs (names, formats, schemas, row counts) and rows: every preview row equal, doubles to
	 * 1e-9 relative (sums may add in another order), everything else exactly.
	 */
	private void assertSameResult(String what, JsonNode expected, JsonNode actual) {
		assertSameJson(what + " summary", expected.get("summary"), actual.get("summary"));
		JsonNode expectedOutputs = expected.get("outputs");
		JsonNode actualOutputs = actual.get("outputs");
		assertThat(actualOutputs).as(what + " outputs").hasSameSizeAs(expectedOutputs);
		assertThat(actualOutputs).as(what + " outputs").isNotEmpty();
		for (int i = 0; i < expectedOutputs.size(); i++) {
			JsonNode output = expectedOutputs.get(i);
			String name = output.get("name").asText();
			for (String field : List.of("name", "format", "rowCount", "schema")) {
				assertThat(actualOutputs.get(i).get(field)).as("%s output %s %s", what, name, field)
					.isEqualTo(output.get(field));
			}
			if (!output.get("format").asText().equals("parquet")) {
				continue;
			}
			assertThat(output.get("rowCount").asLong()).as("%s output %s rows", what, name).isPositive();
			assertSameJson(what + " " + name, preview(local, expected, name), preview(clustered, actual, name));
		}
	}

	private JsonNode preview(SparkwayServerProcess server, JsonNode job, String output) {
		return server.get("/api/v1/jobs/" + job.get("id").asText() + "/outputs/" + output + "/preview?limit=1000")
			.get("rows");
	}

	private static void assertSameJson(String where, JsonNode expected, JsonNode actual) {
		if (expected.isDouble() || actual.isDouble()) {
			assertThat(actual.isNumber()).as(where).isTrue();
			double tolerance = 1e-9 * Math.max(1.0, Math.abs(expected.asDouble()));
			assertThat(actual.asDouble()).as(where).isCloseTo(expected.asDouble(), within(tolerance));
			return;
		}
		assertThat(actual.getNodeType()).as(where).isEqualTo(expected.getNodeType());
		if (expected.isObject()) {
			List<String> names = new ArrayList<>();
			expected.fieldNames().forEachRemaining(names::add);
			List<String> actualNames = new ArrayList<>();
			actual.fieldNames().forEachRemaining(actualNames::add);
			assertThat(actualNames).as(where + " fields").isEqualTo(names);
			for (String name : names) {
				assertSameJson(where + "." + name, expected.get(name), actual.get(name));
			}
		}
		else if (expected.isArray()) {
			assertThat(actual).as(where).hasSameSizeAs(expected);
			Iterator<JsonNode> actualElements = actual.elements();
			int index = 0;
			for (JsonNode element : expected) {
				assertSameJson(where + "[" + index++ + "]", element, actualElements.next());
			}
		}
		else {
			assertThat(actual).as(where).isEqualTo(expected);
		}
	}

}
