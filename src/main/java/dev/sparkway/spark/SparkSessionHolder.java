package dev.sparkway.spark;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.sparkway.security.SecurityProperties;
import dev.sparkway.security.SparkUiSecurity;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Owns the server's one long-lived SparkSession and builds a new one when its SparkContext stops under the
 * running server. Jobs never use it directly: each gets {@link SparkSession#newSession()} of it through
 * {@link JobSessions} (shared SparkContext and cache, its own SQL conf).
 * <p>
 * A watchdog notices a stopped context within a second (at once when Spark reports the application's end),
 * publishes {@link SparkContextLostEvent} so the work that ran on it is ended, waits {@code rebuild-delay} and
 * builds a new session, retrying with a growing delay while that fails. Callers of {@link #session()} wait for
 * the new session meanwhile. Nothing is rebuilt once the server or the JVM is shutting down.
 */
@Component
public class SparkSessionHolder implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(SparkSessionHolder.class);

	private static final Duration MAX_REBUILD_BACKOFF = Duration.ofMinutes(1);

	/** How long {@link #whenTasksEnded} waits for a lost context's tasks. */
	private static final Duration LOST_TASKS_WAIT = Duration.ofMinutes(10);

	/** How Spark's executor names its task threads ({@code Executor.TaskRunner}). */
	private static final String LOCAL_TASK_THREAD_PREFIX = "Executor task launch worker";

	/** How long {@link #session()} waits for a session being rebuilt. */
	private static final Duration SESSION_WAIT = Duration.ofMinutes(2);

	/** The state {@code /actuator/health} reports. */
	public enum State {

		RUNNING, REBUILDING, STOPPED

	}

	private final SparkProperties properties;

	private final SparkRpcSecurity rpcSecurity;

	private final SparkUiSecurity uiSecurity;

	private final JobProgressListener progress;

	private final ApplicationEventPublisher events;

	private final ScheduledExecutorService watchdog;

	private volatile SparkSession session;

	private volatile boolean rebuilding;

	private volatile boolean closed;

	private volatile String lostApplicationId;

	private volatile Instant lostAt;

	/** Local-mode task threads of the lost context's executor, which its stop does not end. */
	private List<Thread> lostTaskThreads = List.of();

	private final AtomicLong rebuilds = new AtomicLong();

	private int failedAttempts;

	private long nextAttemptNanos;

	SparkSessionHolder(SparkProperties properties, SecurityProperties security, SparkUiSecurity uiSecurity,
			JobProgressListener progress, ApplicationEventPublisher events) {
		this.properties = properties;
		this.rpcSecurity = SparkRpcSecurity.check(properties, security.enabled());
		this.uiSecurity = uiSecurity;
		this.progress = progress;
		this.events = events;
		this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread thread = new Thread(r, "sparkway-spark-watchdog");
			thread.setDaemon(true);
			return thread;
		});
		this.session = build();
		this.watchdog.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
	}

	/**
	 * The current shared session. While a lost context is being replaced, waits for the new session (up to two
	 * minutes).
	 * @throws SparkUnavailableException when no running session is available in that time
	 */
	public SparkSession session() {
		return session(SESSION_WAIT);
	}

	/**
	 * The current shared session, waiting up to {@code maxWait} for one being rebuilt.
	 * @throws SparkUnavailableException when no running session is available in that time
	 */
	public SparkSession session(Duration maxWait) {
		SparkSession current = session;
		if (!current.sparkContext().isStopped() && !rebuilding) {
			return current;
		}
		triggerCheck();
		long deadline = System.nanoTime() + maxWait.toNanos();
		synchronized (this) {
			while (!closed && (rebuilding || session.sparkContext().isStopped())) {
				long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (left <= 0) {
					throw new SparkUnavailableException("No Spark session is available: the SparkContext stopped and "
							+ "a new one is not built yet; retry in a few seconds.");
				}
				try {
					wait(Math.min(left, 200));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new SparkUnavailableException("Interrupted while waiting for a new Spark session.");
				}
			}
			if (closed) {
				throw new SparkUnavailableException("The Spark session is stopped: the server is shutting down.");
			}
			return session;
		}
	}

	/** The session as it is now, stopped or not, without waiting; for status reports. */
	public SparkSession currentSession() {
		return session;
	}

	public State state() {
		if (closed) {
			return State.STOPPED;
		}
		return rebuilding || session.sparkContext().isStopped() ? State.REBUILDING : State.RUNNING;
	}

	/** The application whose context was lost last, if any was. */
	public String lostApplicationId() {
		return lostApplicationId;
	}

	public Instant lostAt() {
		return lostAt;
	}

	/** Whether the server itself is stopping Spark, so a stopped context is no loss to repair. */
	/** Sessions built again after a lost context since start-up (for metrics). */
	public long rebuilds() {
		return rebuilds.get();
	}

	public boolean isClosing() {
		return closed || ShutdownHookManager.inShutdown();
	}

	private void triggerCheck() {
		try {
			watchdog.execute(this::check);
		}
		catch (RuntimeException ex) {
			// Shut down: nothing to check any more.
		}
	}

	/** Runs on the watchdog thread only. */
	private void check() {
		try {
			if (closed) {
				return;
			}
			if (!rebuilding) {
				SparkContext lost = session.sparkContext();
				if (!lost.isStopped()) {
					return;
				}
				if (isClosing()) {
					closed = true;
					return;
				}
				markLost(lost);
			}
			if (System.nanoTime() >= nextAttemptNanos) {
				rebuild();
			}
		}
		catch (RuntimeException ex) {
			log.error("Spark watchdog check failed", ex);
		}
	}

	/**
	 * For a job whose context stopped under it: runs {@code action} (on a thread of its own) once the server handled
	 * that loss and the tasks the lost context's local executor was still running have ended. Those tasks may still
	 * write files ({@code SparkContext.stop()} does not end them; they are interrupted when the loss is noticed). In
	 * cluster mode there are none here: the cluster ends a lost application's executors.
	 */
	public void whenTasksEnded(SparkContext lost, Runnable action) {
		Thread waiter = new Thread(() -> {
			try {
				if (!awaitTasksEnded(lost, LOST_TASKS_WAIT)) {
					log.warn("Tasks of the lost SparkContext {} still run after {} s", lost.applicationId(),
							LOST_TASKS_WAIT.toSeconds());
				}
				action.run();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "sparkway-lost-tasks");
		waiter.setDaemon(true);
		waiter.start();
	}

	/** Waits until the server handled the loss of {@code lost} and its local executor's tasks have ended. */
	boolean awaitTasksEnded(SparkContext lost, Duration timeout) throws InterruptedException {
		triggerCheck();
		long deadline = System.nanoTime() + timeout.toNanos();
		List<Thread> threads;
		synchronized (this) {
			while (!closed && !lost.applicationId().equals(lostApplicationId)) {
				long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (left <= 0) {
					return false;
				}
				wait(Math.min(left, 200));
			}
			threads = lostTaskThreads;
		}
		for (Thread thread : threads) {
			long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
			if (left > 0) {
				thread.join(left);
			}
		}
		return threads.stream().noneMatch(Thread::isAlive);
	}

	private void markLost(SparkContext lost) {
		// No new context exists yet, so every executor task thread in this JVM belongs to the lost one.
		List<Thread> taskThreads = Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(thread -> thread.getName().startsWith(LOCAL_TASK_THREAD_PREFIX))
			.toList();
		taskThreads.forEach(Thread::interrupt);
		synchronized (this) {
			rebuilding = true;
			lostApplicationId = lost.applicationId();
			lostTaskThreads = taskThreads;
			notifyAll();
		}
		lostAt = Instant.now();
		failedAttempts = 0;
		nextAttemptNanos = System.nanoTime() + properties.rebuildDelay().toNanos();
		log.error("SparkContext {} stopped under the server: failing the jobs that ran on it and building a new "
				+ "Spark session in {} ms", lostApplicationId, properties.rebuildDelay().toMillis());
		progress.contextLost();
		events.publishEvent(new SparkContextLostEvent(lostApplicationId));
	}

	private void rebuild() {
		try {
			SparkSession fresh = build();
			synchronized (this) {
				session = fresh;
				rebuilding = false;
				notifyAll();
			}
			rebuilds.incrementAndGet();
			log.info("Spark session rebuilt {} ms after context {} was lost", Duration.between(lostAt, Instant.now())
				.toMillis(), lostApplicationId);
		}
		catch (RuntimeException ex) {
			failedAttempts++;
			Duration backoff = properties.rebuildDelay().multipliedBy(1L << Math.min(failedAttempts, 6));
			if (backoff.isZero() || backoff.compareTo(MAX_REBUILD_BACKOFF) > 0) {
				backoff = backoff.isZero() ? Duration.ofSeconds(1) : MAX_REBUILD_BACKOFF;
			}
			nextAttemptNanos = System.nanoTime() + backoff.toNanos();
			log.error("Could not build a new Spark session (attempt {}), retrying in {} ms: {}", failedAttempts,
					backoff.toMillis(), ex.toString());
		}
	}

	private SparkSession build() {
		long started = System.nanoTime();
		SparkConf conf = new SparkConf().setMaster(properties.master()).setAppName(properties.appName());
		for (Map.Entry<String, String> entry : properties.conf().entrySet()) {
			conf.set(entry.getKey(), entry.getValue());
		}
		rpcSecurity.applyTo(conf);
		uiSecurity.applyTo(conf);
		// Hadoop's own local file system forks chmod/ls per file without its native library. A cluster's
		// executors load the class from the application jar (ApplicationJar).
		conf.setIfMissing(NoForkLocalFileSystem.SPARK_PROPERTY, NoForkLocalFileSystem.class.getName());
		ApplicationJar.shipTo(conf);
		BackgroundTaskPriority.applyTo(conf, properties);
		SparkSession built = SparkSession.builder().config(conf).getOrCreate();
		SparkContext sc = built.sparkContext();
		progress.attach(sc);
		sc.addSparkListener(progress);
		sc.addSparkListener(RepeatedWorkListener.INSTANCE);
		sc.addSparkListener(new SparkListener() {
			@Override
			public void onApplicationEnd(SparkListenerApplicationEnd event) {
				triggerCheck();
			}
		});
		log.info("Spark session up: master={} version={} application={} ui={} in {} ms", properties.master(),
				built.version(), sc.applicationId(), sc.uiWebUrl().getOrElse(() -> "disabled"),
				(System.nanoTime() - started) / 1_000_000);
		return built;
	}

	@Override
	public void destroy() {
		synchronized (this) {
			closed = true;
			notifyAll();
		}
		watchdog.shutdownNow();
		session.stop();
	}

}
