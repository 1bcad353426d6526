package dev.sparkway.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * A real Spark standalone cluster on loopback: one {@code Master} and some {@code Worker} JVMs started from this
 * test's classpath, on free ports. The Workers' "Spark installation" ({@code SPARK_HOME/jars}) links the test
 * classpath's jars, none of the application's own classes: those reach executors only the way they do on a real
 * cluster, from the server.
 */
public final class SparkStandaloneCluster implements AutoCloseable {

	private static final String MASTER = "org.apache.spark.deploy.master.Master";

	private static final String WORKER = "org.apache.spark.deploy.worker.Worker";

	private static final String EXECUTOR = "org.apache.spark.executor.CoarseGrainedExecutorBackend";

	private final Path folder;

	private final List<String> jvmOptions;

	private final Map<String, String> environment;

	private final List<TestProcess> processes = new ArrayList<>();

	private final List<TestProcess> workers = new ArrayList<>();

	private final List<Path> workDirs = new ArrayList<>();

	private int masterPort;

	private int masterUiPort;

	private SparkStandaloneCluster(Path folder, List<String> jvmOptions, String authSecret) {
		this.folder = folder;
		// Authentication on, with the secret where the chart puts it: in the environment, off the command line.
		List<String> options = new ArrayList<>(jvmOptions);
		options.add("-Dspark.authenticate=true");
		this.jvmOptions = List.copyOf(options);
		this.environment = Map.of("SPARK_HOME", folder.resolve("spark-home").toString(), "SPARK_SCALA_VERSION", "2.12",
				"SPARK_LOCAL_IP", "127.0.0.1", "_SPARK_AUTH_SECRET", authSecret);
	}

	/**
	 * Starts the Master and the Workers (each with {@code cores} cores and {@code memory} for executors, e.g.
	 * {@code 1g}) with Spark's RPC authentication on, and returns once every Worker has registered. On failure,
	 * whatever started is stopped.
	 *
	 * @param jvmOptions options for every Spark JVM of the cluster (its executors get theirs from the application)
	 * @param authSecret the secret every application, master and worker must present
	 */
	public static SparkStandaloneCluster start(Path folder, int workerCount, int cores, String memory,
			List<String> jvmOptions, String authSecret, Duration deadline) {
		SparkStandaloneCluster cluster = new SparkStandaloneCluster(folder, jvmOptions, authSecret);
		try {
			cluster.installSpark();
			int[] ports = FreePorts.take(2 + workerCount);
			cluster.masterPort = ports[0];
			cluster.masterUiPort = ports[1];
			cluster.processes.add(cluster.startJvm("spark-master", MASTER, "--host", "127.0.0.1", "--port",
					Integer.toString(cluster.masterPort), "--webui-port", Integer.toString(cluster.masterUiPort)));
			for (int i = 0; i < workerCount; i++) {
				Path workDir = Files.createDirectories(folder.resolve("worker-" + i));
				cluster.workDirs.add(workDir);
				TestProcess worker = cluster.startJvm("spark-worker-" + i, WORKER, "--host", "127.0.0.1", "--cores",
						Integer.toString(cores), "--memory", memory, "--webui-port", Integer.toString(ports[2 + i]),
						"--work-dir", workDir.toString(), cluster.masterUrl());
				cluster.processes.add(worker);
				cluster.workers.add(worker);
			}
			cluster.awaitAliveWorkers(workerCount, deadline);
			return cluster;
		}
		catch (IOException ex) {
			cluster.close();
			throw new UncheckedIOException(ex);
		}
		catch (RuntimeException | Error ex) {
			cluster.close();
			throw ex;
		}
	}

	public String masterUrl() {
		return "spark://127.0.0.1:" + masterPort;
	}

	public List<TestProcess> workers() {
		return List.copyOf(workers);
	}

	/** The Worker's folder for its executors: {@code <appId>/<executorId>/} with their files and logs. */
	public Path workDir(int worker) {
		return workDirs.get(worker);
	}

	/** The executor JVMs the Worker runs for the application now. */
	public List<ProcessHandle> executors(int worker, String applicationId) {
		return workers.get(worker)
			.handle()
			.descendants()
			.filter(ProcessHandle::isAlive)
			.filter(process -> process.info().arguments().map(List::of).orElse(List.of()).contains(EXECUTOR))
			.filter(process -> process.info().arguments().map(List::of).orElse(List.of()).contains(applicationId))
			.toList();
	}

	/** The executor id a Spark executor JVM was started with. */
	public static String executorId(ProcessHandle executor) {
		List<String> arguments = executor.info().arguments().map(List::of).orElse(List.of());
		int flag = arguments.indexOf("--executor-id");
		if (flag < 0) {
			throw new IllegalStateException("Not an executor: " + executor.info());
		}
		return arguments.get(flag + 1);
	}

	/** The command line an executor JVM was started with. */
	public static List<String> arguments(ProcessHandle executor) {
		return executor.info().arguments().map(List::of).orElse(List.of());
	}

	/** The Master's view: {@code /json} of its web UI. */
	public JsonNode masterState() {
		String body = RestClient.create().get().uri("http://127.0.0.1:" + masterUiPort + "/json/").retrieve()
			.body(String.class);
		try {
			return new ObjectMapper().readTree(body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Connects to the Master as an application registering with it does ({@link SparkRpcProbe}), presenting
	 * {@code secret}, and returns the probe's output: a line {@code CONNECTED} or {@code REFUSED: <why>}, and
	 * what Spark logged on the way.
	 */
	public String connectAsApplication(String secret, Duration deadline) {
		List<String> command = new ArrayList<>();
		command.add(TestProcess.java());
		command.add("-Xmx128m");
		command.addAll(jvmOptions.stream().filter(option -> !option.startsWith("-Dspark.")).toList());
		command.add("-cp");
		command.add(Path.of("target", "test-classes").toAbsolutePath() + File.pathSeparator
				+ folder.resolve("spark-home").resolve("jars") + "/*");
		command.add(SparkRpcProbe.class.getName());
		command.addAll(List.of("127.0.0.1", Integer.toString(masterPort), secret));
		Map<String, String> withoutSecret = new HashMap<>(environment);
		withoutSecret.remove("_SPARK_AUTH_SECRET");
		String name = "spark-probe-" + System.nanoTime();
		try (TestProcess probe = TestProcess.start(name, command, withoutSecret, folder,
				folder.resolve("logs").resolve(name + ".log"))) {
			Poll.until(deadline, name + " ended", () -> !probe.isAlive());
			String output = probe.logTail(1000);
			if (output.lines().noneMatch(line -> line.startsWith("CONNECTED") || line.startsWith("REFUSED"))) {
				throw new AssertionError(name + " printed no result:\n" + probe.logTail(40));
			}
			return output;
		}
	}

	public String logTails() {
		StringBuilder tails = new StringBuilder();
		for (TestProcess process : processes) {
			tails.append(process.logTail(20)).append('\n');
		}
		return tails.toString();
	}

	/** Stops the Workers (and their executors), then the Master. */
	@Override
	public void close() {
		for (int i = processes.size() - 1; i >= 0; i--) {
			processes.get(i).close();
		}
	}

	/** A Spark "installation" as a Worker expects one: {@code SPARK_HOME/jars} with Spark and its dependencies. */
	private void installSpark() throws IOException {
		Path jars = Files.createDirectories(folder.resolve("spark-home").resolve("jars"));
		for (Path jar : TestClasspath.jars()) {
			Path link = jars.resolve(jar.getFileName());
			if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
				Files.createSymbolicLink(link, jar);
			}
		}
	}

	private TestProcess startJvm(String name, String mainClass, String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(TestProcess.java());
		command.add("-Xmx256m");
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(folder.resolve("spark-home").resolve("jars") + "/*");
		command.add(mainClass);
		command.addAll(List.of(arguments));
		return TestProcess.start(name, command, environment, folder, folder.resolve("logs").resolve(name + ".log"));
	}

	private void awaitAliveWorkers(int count, Duration deadline) {
		try {
			Poll.until(deadline, count + " workers ALIVE at the master", () -> {
				for (TestProcess process : processes) {
					if (!process.isAlive()) {
						throw new IllegalStateException(process + " exited while the cluster started:\n"
								+ process.logTail(40));
					}
				}
				try {
					return aliveWorkers() == count;
				}
				catch (RestClientException ex) {
					return false;
				}
			});
		}
		catch (AssertionError ex) {
			throw new AssertionError(ex.getMessage() + "\n" + logTails(), ex);
		}
	}

	private long aliveWorkers() {
		long alive = 0;
		for (JsonNode worker : masterState().path("workers")) {
			if ("ALIVE".equals(worker.path("state").asText())) {
				alive++;
			}
		}
		return alive;
	}

}
