package dev.sparkway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.springframework.web.client.RestClient;

/**
 * A Sparkway server in a JVM of its own, started from the test classpath with the same {@code --add-opens} as the
 * test JVM: for what the shared in-JVM server cannot show (a {@code kill -9}, a small heap). Its data lives under
 * the given folder, so a second start finds what the first left. Every process is stopped by {@link #close()}, and
 * by a shutdown hook should a test not get there.
 */
public final class ServerProcess implements AutoCloseable {

	private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
	}

	private final Process process;

	private final Path log;

	private final int port;

	private ServerProcess(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	/**
	 * Starts a server keeping its job store, inputs and outputs under {@code root}, and waits until it is healthy.
	 * @param maxHeap the child's {@code -Xmx}, e.g. {@code 1g}
	 * @param properties further {@code --key=value} settings
	 */
	public static ServerProcess start(Path root, String maxHeap, Map<String, String> properties) {
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
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
		try {
			Files.createDirectories(root);
			Path log = Files.createTempFile(root, "server-", ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			LIVE.add(process);
			ServerProcess server = new ServerProcess(process, log, port);
			server.awaitHealthy(Duration.ofMinutes(3));
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public RestClient http() {
		return RestClient.builder().baseUrl("http://localhost:" + port).build();
	}

	public long pid() {
		return process.pid();
	}

	/** {@code kill -9}: no shutdown hook, no drain, nothing flushed. */
	public void kill() throws InterruptedException {
		process.destroyForcibly();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			throw new AssertionError("server " + process.pid() + " still alive 30 s after SIGKILL");
		}
		LIVE.remove(process);
	}

	/** The server's log, for failure messages. */
	public String logTail() {
		try {
			String text = Files.readString(log);
			return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
		}
		catch (IOException ex) {
			return "(log unreadable: " + ex + ")";
		}
	}

	private void awaitHealthy(Duration deadline) {
		long end = System.nanoTime() + deadline.toNanos();
		while (System.nanoTime() < end) {
			if (!process.isAlive()) {
				throw new AssertionError("server exited with " + process.exitValue() + " while starting:\n" + logTail());
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
		throw new AssertionError("server not healthy within " + deadline + ":\n" + logTail());
	}

	/** SIGTERM, as an orchestrator stops it; SIGKILL if it has not stopped after a minute. */
	@Override
	public void close() {
		process.destroy();
		try {
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		LIVE.remove(process);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
