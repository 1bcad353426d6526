package dev.sparkway.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.spark.SparkConf;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Spark's task threads at a lower CPU priority (a higher {@code nice} value) than the rest of the server when
 * the executor is the server's own JVM (local mode). On a small machine two running pipelines keep every core busy;
 * at equal priority a {@code GET /api/v1/jobs/{id}} then waits its turn behind them (measured: p99 96 ms at 500
 * requests/s on 2 cores). With the task threads at nice 10 the scheduler hands a waking request thread a core at
 * once, and the tasks get everything the requests leave: the same work, done a few milliseconds later.
 * <p>
 * Linux only: each task thread is reniced once, the first time it runs a task ({@code renice} on the thread's own
 * id from {@code /proc/thread-self}; Java has no call for one thread's nice value). Elsewhere, or where
 * {@code renice} is missing, nothing changes and the server says so once. Registered by {@link SparkSessionHolder}
 * as {@code spark.plugins} for local masters; {@code sparkway.spark.task-nice: 0} turns it off.
 */
public final class BackgroundTaskPriority implements SparkPlugin {

	/** The Spark property carrying the nice value from {@link SparkProperties#taskNice()}. */
	static final String NICE_PROPERTY = "spark.sparkway.taskNice";

	private static final Logger log = LoggerFactory.getLogger(BackgroundTaskPriority.class);

	private static final Path THREAD_SELF = Path.of("/proc/thread-self");

	/** Adds the plugin to {@code conf} for a local master with a positive nice value. */
	static void applyTo(SparkConf conf, SparkProperties properties) {
		if (!properties.isLocal() || properties.taskNice() <= 0) {
			return;
		}
		String plugins = conf.get("spark.plugins", "");
		conf.set("spark.plugins", plugins.isBlank() ? BackgroundTaskPriority.class.getName()
				: plugins + "," + BackgroundTaskPriority.class.getName());
		conf.set(NICE_PROPERTY, Integer.toString(properties.taskNice()));
	}

	@Override
	public DriverPlugin driverPlugin() {
		return null;
	}

	@Override
	public ExecutorPlugin executorPlugin() {
		return new Renicer();
	}

	/** Renices each task thread once, on the thread itself. */
	static final class Renicer implements ExecutorPlugin {

		private final ThreadLocal<Boolean> reniced = new ThreadLocal<>();

		private volatile int nice;

		private volatile boolean working = Files.isSymbolicLink(THREAD_SELF);

		@Override
		public void init(PluginContext context, Map<String, String> extraConf) {
			nice = context.conf().getInt(NICE_PROPERTY, 10);
			if (!working) {
				log.warn("Spark task threads run at the server's own CPU priority: no /proc/thread-self here");
			}
		}

		@Override
		public void onTaskStart() {
			if (!working || reniced.get() != null) {
				return;
			}
			reniced.set(Boolean.TRUE);
			try {
				// "<pid>/task/<tid>": the thread's own id, which setpriority(2) and renice accept as a pid.
				String self = Files.readSymbolicLink(THREAD_SELF).toString();
				String tid = self.substring(self.lastIndexOf('/') + 1);
				Process renice = new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", tid)
					.redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.start();
				if (!renice.waitFor(5, TimeUnit.SECONDS) || renice.exitValue() != 0) {
					renice.destroy();
					stop("renice did not succeed");
				}
			}
			catch (IOException ex) {
				stop(ex.getMessage());
			}
			catch (InterruptedException ex) {
				// A task cancelled while starting: the task itself sees the interrupt.
				Thread.currentThread().interrupt();
			}
		}

		private void stop(String why) {
			if (working) {
				working = false;
				log.warn("Spark task threads run at the server's own CPU priority: {}", why);
			}
		}

	}

}
