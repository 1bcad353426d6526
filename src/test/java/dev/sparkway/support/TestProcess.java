package dev.sparkway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A process a test started, with its output in a log file. {@link #close()} stops it and every process it started
 * (a Spark Worker's executors, say), also after a failure; a JVM shutdown hook stops whatever a test left running
 * (a crash of the test JVM itself aside).
 */
public final class TestProcess implements AutoCloseable {

	private static final Set<TestProcess> RUNNING = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(TestProcess::kill), "test-process-reaper"));
	}

	private final String name;

	private final Process process;

	private final Path log;

	private TestProcess(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	/** Starts the command in the folder, with the environment added to this JVM's, output to the log file. */
	public static TestProcess start(String name, List<String> command, Map<String, String> environment,
			Path folder, Path log) {
		ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		try {
			Files.createDirectories(log.getParent());
			TestProcess started = new TestProcess(name, builder.start(), log);
			RUNNING.add(started);
			return started;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + name + ": " + command, ex);
		}
	}

	/** The {@code java} of this JVM, so every process runs the same JDK. */
	public static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	public String name() {
		return name;
	}

	public ProcessHandle handle() {
		return process.toHandle();
	}

	public boolean isAlive() {
		return process.isAlive();
	}

	/** The last lines of the process's output, for failure messages. */
	public String logTail(int lines) {
		try {
			List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
			return name + " (" + log + "), last lines:\n"
					+ String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return name + ": no log (" + ex.getMessage() + ")";
		}
	}

	/** Asks the process to stop (SIGTERM), kills it after the grace, then kills whatever it started. */
	public void stop(Duration grace) {
		List<ProcessHandle> children = process.descendants().toList();
		process.destroy();
		try {
			if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			kill();
		}
		finally {
			killAll(children);
			RUNNING.remove(this);
		}
	}

	/** Stops the process with a short grace. */
	@Override
	public void close() {
		stop(Duration.ofSeconds(10));
	}

	private void kill() {
		List<ProcessHandle> children = process.descendants().toList();
		process.destroyForcibly();
		killAll(children);
	}

	private static void killAll(List<ProcessHandle> processes) {
		List<ProcessHandle> waiting = new ArrayList<>();
		for (ProcessHandle handle : processes) {
			if (handle.destroyForcibly()) {
				waiting.add(handle);
			}
		}
		for (ProcessHandle handle : waiting) {
			try {
				handle.onExit().get(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (ExecutionException | TimeoutException ex) {
				// Best effort: a process that outlives SIGKILL for 30 s is beyond a test's reach.
			}
		}
	}

	@Override
	public String toString() {
		return name + " (pid " + process.pid() + ")";
	}

}
