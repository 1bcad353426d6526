package dev.sparkway.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker (KRaft: broker and controller in one process) in a JVM of its own, on loopback
 * ports. Its classpath (Kafka's Scala 2.13 server, which must never meet Spark's 2.12 on the test classpath) is
 * resolved by Maven into {@code target/kafka-broker.classpath}. Close it to stop it; a JVM shutdown hook stops it
 * too should the test JVM end first.
 */
public final class KafkaBroker implements AutoCloseable {

	/** Chosen once per test JVM, so the server's allowlist can name it before the broker starts. */
	private static final int PORT = FreePorts.take(1)[0];

	private final TestProcess process;

	private KafkaBroker(TestProcess process) {
		this.process = process;
	}

	/** {@code host:port} clients connect to. */
	public static String address() {
		return "127.0.0.1:" + PORT;
	}

	/** Formats a fresh log folder under {@code dir}, starts the broker and waits until it answers. */
	public static KafkaBroker start(Path dir, Duration deadline) throws Exception {
		Path classpathFile = Path.of("target", "kafka-broker.classpath");
		if (!Files.exists(classpathFile)) {
			throw new IllegalStateException(classpathFile.toAbsolutePath()
					+ " is missing: run the tests through Maven (its generate-test-resources phase writes it)");
		}
		String classpath = Files.readString(classpathFile).strip();
		Files.createDirectories(dir);
		int controllerPort = FreePorts.take(1)[0];
		Path properties = dir.resolve("server.properties");
		Files.writeString(properties, String.join("\n", "process.roles=broker,controller", "node.id=1",
				"controller.quorum.voters=1@127.0.0.1:" + controllerPort,
				"listeners=PLAINTEXT://127.0.0.1:" + PORT + ",CONTROLLER://127.0.0.1:" + controllerPort,
				"advertised.listeners=PLAINTEXT://" + address(), "controller.listener.names=CONTROLLER",
				"listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
				"inter.broker.listener.name=PLAINTEXT", "log.dirs=" + dir.resolve("logs").toAbsolutePath(),
				"num.partitions=1", "offsets.topic.replication.factor=1",
				"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
				"group.initial.rebalance.delay.ms=0", ""));
		String java = TestProcess.java();
		Path formatLog = dir.resolve("format.log");
		Process format = new ProcessBuilder(java, "-cp", classpath, "kafka.tools.StorageTool", "format", "-t",
				Uuid.randomUuid().toString(), "-c", properties.toString())
			.redirectErrorStream(true)
			.redirectOutput(formatLog.toFile())
			.start();
		try {
			if (!format.waitFor(deadline.toSeconds(), TimeUnit.SECONDS) || format.exitValue() != 0) {
				throw new IllegalStateException("Formatting the Kafka log folder failed: " + tail(formatLog));
			}
		}
		finally {
			format.destroyForcibly();
		}
		Path log = dir.resolve("broker.log");
		KafkaBroker broker = new KafkaBroker(TestProcess.start("kafka-broker",
				List.of(java, "-Xmx512m", "-cp", classpath, "kafka.Kafka", properties.toString()), Map.of(),
				Path.of("").toAbsolutePath(), log));
		try {
			broker.awaitReady(deadline);
		}
		catch (Exception | AssertionError ex) {
			broker.close();
			throw ex;
		}
		return broker;
	}

	/** An admin client of this broker; close it after use. */
	public Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address(),
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				10_000));
	}

	private void awaitReady(Duration deadline) {
		// The port first (quietly), then the broker's own answer: an admin client logs every refused connection.
		Poll.until(deadline, "Kafka broker listening on " + address(), () -> {
			if (!process.isAlive()) {
				throw new IllegalStateException("The Kafka broker exited: " + process.logTail(20));
			}
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), PORT)) {
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		});
		try (Admin admin = admin()) {
			Poll.until(deadline, "Kafka broker at " + address() + " answering", () -> {
				if (!process.isAlive()) {
					throw new IllegalStateException("The Kafka broker exited: " + process.logTail(20));
				}
				try {
					return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
				}
				catch (Exception ex) {
					return false;
				}
			});
		}
	}

	/** Stops the broker and waits until its process is gone. */
	@Override
	public void close() {
		process.stop(Duration.ofSeconds(20));
	}

	public boolean isAlive() {
		return process.isAlive();
	}

	private static String tail(Path file) {
		try {
			List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

}
