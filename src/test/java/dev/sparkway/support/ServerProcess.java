package dev.sparkway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.web.client.RestClient;

/**
 * A Sparkway server in a JVM of its own, started from the test classpath with the same {@code --add-opens} as the
 * test JVM: for what the shared in-JVM server cannot show (a {@code kill -9}, a small heap). Its data lives under
 * the given folder, so a second start finds what the first left. A {@link TestProcess}: stopped by
 * {@link #close()}, and by a shutdown hook should a test not get there.
 */
public final class ServerProcess implements AutoCloseable {

	private final TestProcess process;

	private final int port;

	private ServerProcess(TestProcess process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * Starts a server keeping its job store, inputs and outputs under {@code root}, and waits until it is healthy.
	 * @param maxHeap the child's {@code -Xmx}, e.g. {@code 1g}
	 * @param properties further {@code --key=value} settings
	 */
	public static ServerProcess start(Path root, String maxHeap, Map<String, String> properties) {
		int port = FreePorts.take(1)[0];
		List<String> command = command(root, maxHeap, port, properties);
		Path log;
		try {
			Files.createDirectories(root);
			log = Files.createTempFile(root, "server-", ".log");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		// In the project folder, like `./mvnw spring-boot:run`: it reads the repository's application.yml.
		ServerProcess server = new ServerProcess(
				TestProcess.start("sparkway-server", command, Map.of(), Path.of("").toAbsolutePath(), log), port);
		server.awaitHealthy(Duration.ofMinutes(3));
		return server;
	}

	/**
	 * The command that runs a server from the test classpath with its files under {@code root}, on {@code port}
	 * (0: any), with further {@code --key=value} settings.
	 */
	public static List<String> command(Path root, String maxHeap, int port, Map<String, String> properties) {
		List<String> command = new ArrayList<>();
		command.add(TestProcess.java());
		ManagementFactory.getRuntimeMXBean()
			.getInputArguments()
			.stream()
			.filter(arg -> arg.startsWith("--add-opens"))
			.forEach(command::add);
		command.add("-Xmx" + maxHeap);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(ServerMain.class.getName());
		command.add("--server.port=" + port);
		command.add("--sparkway.storage.input-root=" + root.resolve("input"));
		command.add("--sparkway.storage.output-root=" + root.resolve("output"));
		command.add("--spring.datasource.url=jdbc:h2:file:" + root.resolve("jobstore"));
		command.add("--sparkway.spark.master=local[2]");
		command.add("--sparkway.spark.conf.spark.ui.enabled=false");
		command.add("--sparkway.spark.conf.spark.sql.shuffle.partitions=4");
		command.add("--sparkway.spark.conf.spark.sql.warehouse.dir=" + root.resolve("warehouse"));
		command.add("--sparkway.demo-data.sales-rows=200");
		command.add("--sparkway.demo-data.activity-rows=100");
		properties.forEach((key, value) -> command.add("--" + key + "=" + value));
		return command;
	}

	/** The loopback port the server listens on. */
	public int port() {
		return port;
	}

	public RestClient http() {
		return RestClient.builder().baseUrl("http://localhost:" + port).build();
	}

	/** {@code kill -9}: no shutdown hook, no drain, nothing flushed. */
	public void kill() throws InterruptedException {
		ProcessHandle handle = process.handle();
		handle.destroyForcibly();
		try {
			handle.onExit().get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new AssertionError("server " + handle.pid() + " still alive 30 s after SIGKILL", ex);
		}
	}

	/** The end of the server's log, for failure messages. */
	public String logTail() {
		return process.logTail(80);
	}

	private void awaitHealthy(Duration deadline) {
		long end = System.nanoTime() + deadline.toNanos();
		while (System.nanoTime() < end) {
			if (!process.isAlive()) {
				throw new AssertionError("server exited while starting: " + logTail());
			}
			try {
				String health = http().get().uri("/actuator/health").retrieve().body(String.class);
				if (health != null && health.contains("\"status\":\"UP\"")) {
					return;
				}
			}
			catch (RuntimeException notYet) {
				// not listening yet
			}
			Poll.pause();
		}
		close();
		throw new AssertionError("server not healthy within " + deadline + ": " + logTail());
	}

	/** SIGTERM, as an orchestrator stops it; SIGKILL if it has not stopped after a minute. */
	@Override
	public void close() {
		process.stop(Duration.ofMinutes(1));
	}

}
