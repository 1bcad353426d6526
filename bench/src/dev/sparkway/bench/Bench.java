package dev.sparkway.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkway.dataset.DemoDataGenerator;

/**
 * The benchmark: see {@code bench/run} and docs/benchmark.md. Starts the server jar with
 * {@code java -jar} in a folder of its own (with the repository's application.yml), drives it over HTTP as a client
 * would, and prints one table.
 */
public final class Bench {

	/** How often a client polls a job it waits for. */
	static final Duration POLL = Duration.ofMillis(10);

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final Map<String, String> options;

	private final Path work;

	private final boolean quick;

	private final List<String[]> table = new ArrayList<>();

	private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

	private String base;

	private Process server;

	private Bench(Map<String, String> options) {
		this.options = options;
		this.work = Path.of(options.get("work")).toAbsolutePath();
		this.quick = options.containsKey("quick");
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			String key = args[i].replaceFirst("^--", "");
			boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--") && !key.equals("add-opens");
			options.put(key, flag ? "true" : args[++i]);
		}
		Bench bench = new Bench(options);
		int exit;
		try {
			exit = bench.run();
		}
		finally {
			bench.stopServer();
		}
		System.exit(exit);
	}

	private int option(String name, int normal, int quickValue) {
		return options.containsKey(name) ? Integer.parseInt(options.get(name)) : quick ? quickValue : normal;
	}

	private int run() throws Exception {
		int smallJobs = option("small-jobs", 30, 10);
		int soak = option("soak", 1000, 200);
		int demoRuns = option("demo-runs", 3, 1);
		int rounds = option("rounds", 3, 2);
		int bigRows = option("big-rows", 1_000_000, 200_000);
		int loadSeconds = option("load-seconds", 20, 5);

		Path data = work.resolve("data");
		Files.createDirectories(data);
		Path small = generate(data.resolve("sales-10k.csv"), 10_000);
		Path big = generate(data.resolve("sales-" + bigRows + ".csv"), bigRows);

		Path serverDir = work.resolve("server");
		deleteTree(serverDir);
		Path input = serverDir.resolve("data/input/bench");
		Files.createDirectories(input);
		Files.copy(Path.of(options.get("config")), serverDir.resolve("application.yml"));
		// Fresh copies: a new modification time, so nothing the server may have kept of an earlier run applies.
		Files.copy(small, input.resolve("sales-10k.csv"));
		Path bigOnServer = input.resolve("sales-big.csv");
		Files.copy(big, bigOnServer);

		startServer(serverDir);
		long pid = server.pid();
		Thread.sleep(5_000);
		long[] idle = processStatus(pid);
		say("idle after start: RSS %d MiB, %d threads", idle[0] / 1024, idle[1]);

		// Small jobs: 2 warm-up, then the measured ones, then on to 50 and to the soak size.
		String smallBody = "{\"pipeline\":\"retail-sales\",\"params\":{\"salesPath\":\"bench/sales-10k.csv\"}}";
		runJob(smallBody);
		runJob(smallBody);
		List<Double> latencies = new ArrayList<>();
		List<Double> serverDurations = new ArrayList<>();
		for (int i = 0; i < smallJobs; i++) {
			JobRun run = runJob(smallBody);
			latencies.add(run.clientMs);
			serverDurations.add(run.serverMs);
		}
		say("small jobs: p50 %.0f ms p99 %.0f ms", percentile(latencies, 0.5), percentile(latencies, 0.99));
		int done = 2 + smallJobs;
		while (done < 50) {
			runJob(smallBody);
			done++;
		}
		Thread.sleep(2_000);
		long[] at50 = processStatus(pid);
		say("after 50 small jobs: RSS %d MiB, %d threads", at50[0] / 1024, at50[1]);
		long soakStarted = System.nanoTime();
		while (done < soak) {
			runJob(smallBody);
			done++;
			if (done % 100 == 0) {
				long[] now = processStatus(pid);
				say("  %d small jobs: RSS %d MiB, %d threads", done, now[0] / 1024, now[1]);
			}
		}
		Thread.sleep(2_000);
		long[] atSoak = processStatus(pid);
		say("after %d small jobs: RSS %d MiB, %d threads (%.0f s)", done, atSoak[0] / 1024, atSoak[1],
				(System.nanoTime() - soakStarted) / 1e9);

		// Every pipeline on the demo data.
		Map<String, String> demo = new LinkedHashMap<>();
		demo.put("retail-sales (100k rows)", "{\"pipeline\":\"retail-sales\"}");
		demo.put("fraud-features (100k + 30k rows)", "{\"pipeline\":\"fraud-features\"}");
		demo.put("rfm-segmentation (100k rows, k=5)", "{\"pipeline\":\"rfm-segmentation\"}");
		demo.put("tweet-sentiment (5,000 tweets, availableNow)",
				"{\"pipeline\":\"tweet-sentiment\",\"params\":{\"trigger\":\"availableNow\"}}");
		Map<String, List<Double>> demoTimes = new LinkedHashMap<>();
		for (int i = 0; i < demoRuns; i++) {
			for (Map.Entry<String, String> pipeline : demo.entrySet()) {
				JobRun run = runJob(pipeline.getValue());
				demoTimes.computeIfAbsent(pipeline.getKey(), k -> new ArrayList<>()).add(run.clientMs);
				say("%s: %.0f ms (server %.0f ms)", pipeline.getKey(), run.clientMs, run.serverMs);
			}
		}

		// The big file: rounds interleave the warm server, a fresh JVM and DuckDB.
		String bigBody = "{\"pipeline\":\"retail-sales\",\"params\":{\"salesPath\":\"bench/sales-big.csv\"}}";
		List<Double> warm = new ArrayList<>();
		List<Double> fresh = new ArrayList<>();
		List<Double> duck = new ArrayList<>();
		Path freshOut = work.resolve("fresh-out");
		Path duckOut = work.resolve("duckdb-out");
		deleteTree(freshOut);
		deleteTree(duckOut);
		Path lastServerOut = null;
		long[] serverCounts = null;
		long[] freshCounts = null;
		DuckDbRetail.Counts duckCounts = null;
		for (int round = 1; round <= rounds; round++) {
			JobRun run = runJob(bigBody);
			warm.add(run.clientMs);
			lastServerOut = Path.of(URI.create(run.job.path("outputs").get(0).path("location").asText())).getParent();
			serverCounts = new long[] { run.job.path("summary").path("inputRows").asLong(),
					run.job.path("summary").path("rejectedRows").asLong() };
			Path freshRun = freshOut.resolve("round-" + round);
			long started = System.nanoTime();
			String summary = freshJvm(bigOnServer, freshRun);
			fresh.add((System.nanoTime() - started) / 1e6);
			freshCounts = parseSummary(summary);
			Path duckRun = duckOut.resolve("round-" + round);
			DuckDbRetail.prepare(duckRun);
			started = System.nanoTime();
			duckCounts = DuckDbRetail.run(bigOnServer, duckRun);
			duck.add((System.nanoTime() - started) / 1e6);
			say("%d rows, round %d: server %.0f ms, fresh JVM %.0f ms, DuckDB %.0f ms", bigRows, round,
					warm.get(round - 1), fresh.get(round - 1), duck.get(round - 1));
		}
		Path lastFresh = freshOut.resolve("round-" + rounds);
		Path lastDuck = duckOut.resolve("round-" + rounds);
		List<String> disagreements = new ArrayList<>();
		disagreements.addAll(prefix("server vs fresh JVM: ", DuckDbRetail.differences(lastServerOut, lastFresh)));
		disagreements.addAll(prefix("server vs DuckDB: ", DuckDbRetail.differences(lastServerOut, lastDuck)));
		if (!Arrays.equals(serverCounts, freshCounts)
				|| serverCounts[0] != duckCounts.inputRows() || serverCounts[1] != duckCounts.rejectedRows()) {
			disagreements.add("row counts (input, rejected): server " + Arrays.toString(serverCounts) + ", fresh "
					+ Arrays.toString(freshCounts) + ", DuckDB " + duckCounts);
		}
		long[] outputRows = DuckDbRetail.rowCounts(lastServerOut);

		// GET a job at a fixed rate from another process while two pipelines keep running.
		double[] get = getUnderLoad(bigBody, loadSeconds);

		// The table.
		row("machine", cores() + " cores, " + memoryGiB() + " GiB RAM, " + cpuModel(), "");
		row("small retail-sales job (10k rows), POST -> SUCCEEDED, " + smallJobs + " jobs after 2 warm-up, polled every "
				+ POLL.toMillis() + " ms",
				"p50 %.0f ms, p90 %.0f ms, p99 %.0f ms (server's durationMs p50 %.0f ms)".formatted(
						percentile(latencies, 0.5), percentile(latencies, 0.9), percentile(latencies, 0.99),
						percentile(serverDurations, 0.5)),
				"p50 < 300 ms, p99 < 1 s");
		Map<String, String> targets = Map.of("retail", "< 1 s", "fraud", "< 1 s", "rfm-", "< 3 s");
		for (Map.Entry<String, List<Double>> entry : demoTimes.entrySet()) {
			String target = targets.entrySet()
				.stream()
				.filter(t -> entry.getKey().startsWith(t.getKey()))
				.map(Map.Entry::getValue)
				.findFirst()
				.orElse("");
			row(entry.getKey() + " on the demo data, median of " + demoRuns,
					"%.0f ms (runs: %s)".formatted(percentile(entry.getValue(), 0.5), millis(entry.getValue())), target);
		}
		String sizeMb = "%,d rows, %d MB".formatted(bigRows, Files.size(big) / 1_000_000);
		row("retail-sales, " + sizeMb + ": warm server, first run / repeated (median)", firstAndRest(warm), "");
		row("retail-sales, " + sizeMb + ": fresh JVM per run (local SparkSession, same pipeline code)",
				firstAndRest(fresh), "");
		row("retail-sales, " + sizeMb + ": DuckDB " + duckDbVersion() + " JDBC, 2 threads", firstAndRest(duck), "");
		row("ratio fresh JVM / warm server (repeated)", "%.1fx".formatted(rest(fresh) / rest(warm)), ">= 5x");
		row("ratio warm server / DuckDB (repeated)", "%.1fx".formatted(rest(warm) / rest(duck)), "<= 3x");
		row("outputs of server, fresh JVM and DuckDB agree",
				disagreements.isEmpty() ? "yes: %d daily + %d monthly rows, inputRows %d, rejectedRows %d"
					.formatted(outputRows[0], outputRows[1], serverCounts[0], serverCounts[1]) : "NO (see above)",
				"");
		row("server RSS / threads, idle after start", "%d MiB / %d".formatted(idle[0] / 1024, idle[1]), "< 1 GiB");
		row("server RSS / threads after 50 small jobs", "%d MiB / %d".formatted(at50[0] / 1024, at50[1]), "");
		row("server RSS / threads after " + done + " small jobs", "%d MiB / %d (RSS %+.1f %%)".formatted(
				atSoak[0] / 1024, atSoak[1], 100.0 * (atSoak[0] - at50[0]) / at50[0]), "within 10 %, threads flat");
		row("GET /api/v1/jobs/{id} at 500 req/s for " + loadSeconds + " s while two pipelines run (own JVM, "
				+ "latency from intended send time)",
				"p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.1f ms (%d requests, %d errors)".formatted(get[2], get[3],
						get[4], get[5], (long) get[0], (long) get[1]),
				"p99 < 10 ms");

		StringBuilder out = new StringBuilder();
		out.append("\nSparkway benchmark, ")
			.append(ZonedDateTime.now(java.time.ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16))
			.append(" UTC, benchmark at commit ")
			.append(gitCommit())
			.append(", server ")
			.append(Path.of(options.get("jar")).getFileName())
			.append(" built ")
			.append(Files.getLastModifiedTime(Path.of(options.get("jar"))).toInstant().toString().substring(0, 16))
			.append(quick ? " (--quick)" : "")
			.append("\n\n| figure | measured | target |\n|---|---|---|\n");
		for (String[] r : table) {
			out.append("| ").append(r[0]).append(" | ").append(r[1]).append(" | ").append(r[2]).append(" |\n");
		}
		System.out.println(out);
		Files.writeString(work.resolve("result.md"), out.toString());
		problems.addAll(disagreements);
		if (!disagreements.isEmpty()) {
			System.out.println("!!!!!!!!!! OUTPUTS DISAGREE !!!!!!!!!!");
			disagreements.forEach(d -> System.out.println("!!! " + d));
		}
		if (get[1] > 0) {
			problems.add(get[1] + " GET requests failed");
		}
		problems.forEach(p -> System.out.println("PROBLEM: " + p));
		return problems.isEmpty() ? 0 : 1;
	}

	// --- the server ---

	private void startServer(Path dir) throws Exception {
		int port = freePort();
		base = "http://127.0.0.1:" + port;
		List<String> command = new ArrayList<>(List.of("java"));
		// BENCH_SERVER_OPTS: JVM options for the server (e.g. -Xmx1g); none by default, as `java -jar` runs it.
		String serverOpts = System.getenv().getOrDefault("BENCH_SERVER_OPTS", "").trim();
		if (!serverOpts.isEmpty()) {
			command.addAll(List.of(serverOpts.split("\\s+")));
		}
		command.addAll(List.of("-jar", options.get("jar"), "--server.port=" + port,
				"--sparkway.spark.conf.spark.ui.port=" + freePort()));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.directory(dir.toFile());
		builder.redirectErrorStream(true);
		builder.redirectOutput(dir.resolve("server.log").toFile());
		long started = System.nanoTime();
		server = builder.start();
		long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
		while (true) {
			if (!server.isAlive()) {
				throw new IllegalStateException("the server exited; see " + dir.resolve("server.log"));
			}
			try {
				HttpResponse<String> health = get("/actuator/health");
				if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
					break;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the server did not come up in 5 minutes");
			}
			Thread.sleep(200);
		}
		say("server pid %d up on %s in %.1f s (log: %s)", server.pid(), base, (System.nanoTime() - started) / 1e9,
				dir.resolve("server.log"));
	}

	private void stopServer() {
		if (server != null && server.isAlive()) {
			server.destroy();
			try {
				if (!server.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
					server.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				server.destroyForcibly();
			}
		}
	}

	record JobRun(double clientMs, double serverMs, JsonNode job) {
	}

	/** Submits a job and polls it until it ends; the client's time is from before the POST to the answer. */
	private JobRun runJob(String body) throws Exception {
		long started = System.nanoTime();
		HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (submitted.statusCode() != 202 && submitted.statusCode() != 201 && submitted.statusCode() != 200) {
			throw new IllegalStateException("POST " + body + " answered " + submitted.statusCode() + ": "
					+ submitted.body());
		}
		String id = JSON.readTree(submitted.body()).path("id").asText();
		long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
		while (true) {
			JsonNode job = JSON.readTree(get("/api/v1/jobs/" + id).body());
			String status = job.path("status").asText();
			if (status.equals("SUCCEEDED")) {
				return new JobRun((System.nanoTime() - started) / 1e6, job.path("durationMs").asDouble(), job);
			}
			if (status.equals("FAILED") || status.equals("CANCELLED")) {
				throw new IllegalStateException("job " + id + " ended " + status + ": " + job);
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("job " + id + " did not end in 10 minutes");
			}
			Thread.sleep(POLL.toMillis());
		}
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/** {VmRSS in KiB, Threads} of a process. */
	static long[] processStatus(long pid) throws IOException {
		long rss = -1;
		long threads = -1;
		for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
			if (line.startsWith("VmRSS:")) {
				rss = Long.parseLong(line.replaceAll("\\D", ""));
			}
			else if (line.startsWith("Threads:")) {
				threads = Long.parseLong(line.replaceAll("\\D", ""));
			}
		}
		return new long[] { rss, threads };
	}

	/**
	 * Runs the load generator in a JVM of its own against GET of one job, while two job slots are kept busy (a
	 * retail-sales job on the big file and an rfm-segmentation job on the demo data, each submitted again as soon
	 * as it ended). Returns {sent, errors, p50, p90, p99, max}.
	 */
	private double[] getUnderLoad(String bigBody, int seconds) throws Exception {
		AtomicBoolean stop = new AtomicBoolean();
		String[] firstId = new String[1];
		List<Thread> slots = new ArrayList<>();
		for (String body : List.of(bigBody, "{\"pipeline\":\"rfm-segmentation\"}")) {
			Thread slot = new Thread(() -> {
				try {
					while (!stop.get()) {
						runJob(body);
					}
				}
				catch (Exception ex) {
					problems.add("a pipeline under load failed: " + ex.getMessage());
				}
			});
			slot.start();
			slots.add(slot);
		}
		// The job to GET: one that runs now (live progress and metrics in the answer).
		long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
		while (firstId[0] == null && System.nanoTime() < deadline) {
			JsonNode running = JSON.readTree(get("/api/v1/jobs?status=RUNNING&page=0&size=1").body());
			JsonNode first = running.path("items").path(0);
			if (!first.isMissingNode() && first.has("id")) {
				firstId[0] = first.path("id").asText();
			}
			Thread.sleep(20);
		}
		if (firstId[0] == null) {
			throw new IllegalStateException("no running job found to GET");
		}
		ProcessBuilder builder = new ProcessBuilder("java", "-cp", options.get("classpath"),
				LoadGenerator.class.getName(), base + "/api/v1/jobs/" + firstId[0], "500", "3",
				String.valueOf(seconds));
		builder.redirectErrorStream(true);
		Process load = builder.start();
		String output = new String(load.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		load.waitFor();
		stop.set(true);
		for (Thread slot : slots) {
			slot.join(Duration.ofMinutes(10).toMillis());
		}
		String result = output.lines().filter(l -> l.startsWith("RESULT")).findFirst().orElseThrow(
				() -> new IllegalStateException("the load generator printed no result: " + output));
		double[] values = new double[6];
		String[] parts = result.split(" ");
		for (int i = 1; i < parts.length; i++) {
			values[i - 1] = Double.parseDouble(parts[i].split("=")[1]);
		}
		say("GET under load: %s", result);
		return values;
	}

	/** Runs the fresh-JVM retail-sales process; returns its summary line. */
	private String freshJvm(Path csv, Path out) throws Exception {
		List<String> command = new ArrayList<>(List.of("java"));
		// spark-submit's default driver memory.
		command.add("-Xmx1g");
		command.addAll(Arrays.asList(options.get("add-opens").trim().split("\\s+")));
		try {
			// The server's file system setting, where this version of the code has it.
			Class.forName("dev.sparkway.spark.NoForkLocalFileSystem", false, Bench.class.getClassLoader());
			command.add("-Dbench.fs.file.impl=dev.sparkway.spark.NoForkLocalFileSystem");
		}
		catch (ClassNotFoundException ex) {
			// main before the change: Hadoop's default
		}
		command.addAll(List.of("-cp", options.get("classpath"), FreshRetailRun.class.getName(), csv.toString(),
				out.toString()));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.redirectErrorStream(true);
		Path log = work.resolve("fresh-" + out.getFileName() + ".log");
		builder.redirectOutput(log.toFile());
		Process process = builder.start();
		if (process.waitFor() != 0) {
			throw new IllegalStateException("the fresh JVM run failed; see " + log);
		}
		return Files.readAllLines(log).stream().filter(l -> l.startsWith("SUMMARY")).findFirst().orElseThrow();
	}

	private static long[] parseSummary(String line) {
		String[] parts = line.split(" ");
		return new long[] { Long.parseLong(parts[1].split("=")[1]), Long.parseLong(parts[2].split("=")[1]) };
	}

	// --- data and small helpers ---

	private Path generate(Path file, int rows) {
		if (!Files.exists(file)) {
			long started = System.nanoTime();
			new DemoDataGenerator(42).writeSales(file, rows);
			say("generated %s in %.1f s", file, (System.nanoTime() - started) / 1e9);
		}
		return file;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	static double percentile(List<Double> values, double quantile) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int rank = (int) Math.ceil(quantile * sorted.size());
		return sorted.get(Math.max(0, rank - 1));
	}

	private static double rest(List<Double> values) {
		return values.size() == 1 ? values.get(0) : percentile(values.subList(1, values.size()), 0.5);
	}

	private static String firstAndRest(List<Double> values) {
		return "%.0f ms / %.0f ms (runs: %s)".formatted(values.get(0), rest(values), millis(values));
	}

	private static String millis(List<Double> values) {
		return String.join(", ", values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
	}

	private static List<String> prefix(String prefix, List<String> lines) {
		return lines.stream().map(l -> prefix + l).toList();
	}

	private void row(String figure, String value, String target) {
		table.add(new String[] { figure, value, target });
	}

	private static void say(String format, Object... args) {
		System.out.println("[bench] " + String.format(Locale.ROOT, format, args));
	}

	private static int cores() {
		return Runtime.getRuntime().availableProcessors();
	}

	private static long memoryGiB() throws IOException {
		String line = Files.readAllLines(Path.of("/proc/meminfo")).get(0);
		return Math.round(Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0);
	}

	private static String cpuModel() throws IOException {
		return Files.readAllLines(Path.of("/proc/cpuinfo"))
			.stream()
			.filter(l -> l.startsWith("model name"))
			.map(l -> l.substring(l.indexOf(':') + 1).trim())
			.findFirst()
			.orElse("unknown CPU");
	}

	private static String duckDbVersion() {
		try (var connection = DuckDbRetail.connect(); var statement = connection.createStatement();
				var result = statement.executeQuery("SELECT version()")) {
			result.next();
			return result.getString(1);
		}
		catch (Exception ex) {
			return "?";
		}
	}

	private String gitCommit() {
		try {
			Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").directory(new File(options
				.getOrDefault("root", "."))).start();
			String commit = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			git.waitFor();
			return commit.isEmpty() ? "?" : commit;
		}
		catch (Exception ex) {
			return "?";
		}
	}

	static void deleteTree(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
