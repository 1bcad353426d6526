package dev.sparkway.job;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.sparkway.dataset.StorageProperties;
import dev.sparkway.pipeline.PipelineContext;
import dev.sparkway.pipeline.PipelineOutput;
import dev.sparkway.pipeline.PipelineParams;
import dev.sparkway.pipeline.StreamingPipeline;
import dev.sparkway.pipeline.StreamingRun;
import dev.sparkway.spark.JobSessions;
import dev.sparkway.spark.SparkContextLostEvent;
import dev.sparkway.streaming.StreamingFigures;
import dev.sparkway.streaming.StreamingProperties;
import dev.sparkway.streaming.StreamingStatus;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import scala.runtime.BoxedUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Runs streaming jobs, each on a thread of its own with its own per-job session, in at most
 * {@code sparkway.streaming.max-concurrent} slots that are separate from the batch runner's (a long-running stream
 * never holds up batch jobs, nor the other way round). Streaming jobs are never queued: past the limit a
 * submission is answered 503.
 * <p>
 * A job thread starts the pipeline's query, then watches it: it records the query's figures (from a
 * {@link StreamingFigures} listener on the job's session) and outputs as micro-batches complete, stops the query
 * when asked (cancel, timeout, shutdown), and writes the final status: SUCCEEDED when an {@code availableNow}
 * query drained its input, CANCELLED when stopped on request or by a shutdown (error type INTERRUPTED then),
 * FAILED with the root cause when the query failed, with TIMEOUT, or with SPARK_CONTEXT_LOST when the shared
 * SparkContext stopped under it. The outputs are kept in every case: each version of them is complete.
 */
@Component
public class StreamingJobRunner implements SmartLifecycle, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(StreamingJobRunner.class);

	/** How often a job thread looks at its query: the bound on how late a stop or a new figure is noticed. */
	private static final long WATCH_MS = 200;

	/** A stopped query ends within seconds; past this a shutdown leaves the job to the batch runner's drain. */
	private static final Duration STOP_WAIT = Duration.ofSeconds(30);

	private final JobStore store;

	private final JobRunner batchRunner;

	private final JobSessions sessions;

	private final Path outputRoot;

	private final JobsProperties jobs;

	private final StreamingProperties properties;

	private final Semaphore slots;

	private final ExecutorService threads;

	private final Map<String, RunningStream> running = new ConcurrentHashMap<>();

	private volatile boolean accepting = true;

	private volatile boolean lifecycleRunning;

	private final Object drainLock = new Object();

	private boolean drained;

	private boolean hooked;

	/**
	 * Depending on the batch runner also orders the shutdown: Spring stops the beans that depend on another first,
	 * so streams end CANCELLED before the batch runner's drain marks every job still unfinished as INTERRUPTED.
	 */
	StreamingJobRunner(JobStore store, JobRunner batchRunner, JobSessions sessions, StorageProperties storage,
			JobsProperties jobs, StreamingProperties properties) {
		this.store = store;
		this.batchRunner = batchRunner;
		this.sessions = sessions;
		this.outputRoot = storage.outputRoot();
		this.jobs = jobs;
		this.properties = properties;
		this.slots = new Semaphore(properties.maxConcurrent());
		AtomicInteger count = new AtomicInteger();
		this.threads = Executors.newCachedThreadPool(r -> {
			Thread thread = new Thread(r, "sparkway-stream-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Records the job as QUEUED and starts it at once.
	 * @throws StreamingCapacityException when every streaming slot is taken; nothing is recorded then
	 */
	void submit(Job job, StreamingPipeline pipeline, PipelineParams params, IdempotencyKey key) {
		if (!accepting) {
			throw new NotAcceptingJobsException("The server is shutting down and takes no new jobs. Retry after "
					+ jobs.retryAfter().toSeconds() + " s (against the restarted server).", jobs.retryAfter());
		}
		if (!slots.tryAcquire()) {
			throw new StreamingCapacityException(properties.maxConcurrent(), jobs.retryAfter());
		}
		try {
			if (key == null) {
				store.insert(job);
			}
			else {
				store.insert(job, key);
			}
			log.info("job={} pipeline={} status=QUEUED", job.id(), job.pipeline());
			AtomicBoolean released = new AtomicBoolean();
			Runnable releaseSlot = () -> {
				if (released.compareAndSet(false, true)) {
					slots.release();
				}
			};
			threads.execute(() -> {
				try {
					run(job, pipeline, params, releaseSlot);
				}
				finally {
					releaseSlot.run();
				}
			});
		}
		catch (RuntimeException ex) {
			slots.release();
			throw ex;
		}
	}

	/** Asks a running stream to stop; false when it is not running on this server. */
	boolean stop(String jobId, JobErrorType reason) {
		RunningStream stream = running.get(jobId);
		if (stream == null) {
			return false;
		}
		stream.stop(reason);
		return true;
	}

	/** A running stream's live figures and outputs; the stored ones otherwise. */
	Job withLiveFigures(Job job) {
		RunningStream stream = job.status() == JobStatus.RUNNING ? running.get(job.id()) : null;
		if (stream == null) {
			return job;
		}
		return job.withStreaming(stream.figures.status(), stream.outputs());
	}

	/** The session a stream runs on, while it runs: for tests and diagnostics. */
	public Optional<SparkSession> session(String jobId) {
		return Optional.ofNullable(running.get(jobId)).map(stream -> stream.session);
	}

	/** The shared SparkContext stopped: every stream on it fails as {@code SPARK_CONTEXT_LOST}. */
	@EventListener
	void onSparkContextLost(SparkContextLostEvent event) {
		running.values().forEach(stream -> stream.stop(JobErrorType.SPARK_CONTEXT_LOST));
	}

	private void run(Job job, StreamingPipeline pipeline, PipelineParams params, Runnable releaseSlot) {
		MDC.put("jobId", job.id());
		RunningStream stream = new RunningStream(new StreamingFigures());
		running.put(job.id(), stream);
		try {
			Instant started = JobStore.now();
			if (!store.start(job.id(), started)) {
				return; // cancelled in the moment before it started
			}
			log.info("job={} pipeline={} status=RUNNING", job.id(), job.pipeline());
			execute(job, pipeline, params, stream, started, releaseSlot);
		}
		catch (RuntimeException ex) {
			log.error("Streaming job {} could not be recorded", job.id(), ex);
		}
		finally {
			running.remove(job.id());
			MDC.remove("jobId");
		}
	}

	private void execute(Job job, StreamingPipeline pipeline, PipelineParams params, RunningStream stream,
			Instant started, Runnable releaseSlot) {
		Throwable failure = null;
		StreamingRun run = null;
		SparkSession session = null;
		try {
			// Waits while the shared session is being rebuilt; fails the job when none comes.
			session = sessions.newSession();
			stream.session = session;
			session.streams().addListener(stream.figures);
			SparkContext sc = session.sparkContext();
			// The query's thread inherits these: its Spark work is the job's in the Spark UI and the fair scheduler.
			sc.setJobGroup(job.id(), job.pipeline() + " " + job.id(), true);
			sc.setLocalProperty("spark.scheduler.pool", Thread.currentThread().getName());
			run = pipeline.start(new PipelineContext(job.id(), session, params, outputRoot.resolve(job.id())));
			stream.started(run);
			watch(job, stream, run.query());
			failure = run.query().exception().isDefined() ? run.query().exception().get() : null;
		}
		catch (Throwable ex) {
			failure = ex;
		}
		finally {
			if (run != null) {
				stopQuietly(run.query());
			}
			if (session != null) {
				session.streams().removeListener(stream.figures);
				session.sparkContext().clearJobGroup();
				session.sparkContext().setLocalProperty("spark.scheduler.pool", null);
			}
		}
		boolean contextLost = session != null && session.sparkContext().isStopped();
		if (contextLost) {
			stream.stop(JobErrorType.SPARK_CONTEXT_LOST);
		}
		else if (session != null) {
			awaitListenerEvents(session);
		}
		List<PipelineOutput> outputs = run == null ? List.of() : run.outputs();
		if (run != null) {
			run.close();
		}
		else {
			// It never ran: whatever it began to write is nobody's output.
			batchRunner.deleteOutputs(job.id());
		}
		// Its query is stopped: once a client sees the end status, the job holds neither a slot nor a session. (It
		// stays in `running` until its end is recorded, which a shutdown waits for.)
		stream.session = null;
		releaseSlot.run();
		finish(job, stream, started, failure, outputs);
	}

	/** Records figures as batches complete, until the query ends or the job is asked to stop. */
	private void watch(Job job, RunningStream stream, StreamingQuery query) throws Exception {
		long deadline = job.timeoutSeconds() > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(job.timeoutSeconds())
				: Long.MAX_VALUE;
		StreamingStatus recorded = null;
		List<PipelineOutput> recordedOutputs = null;
		while (query.isActive()) {
			if (stream.stopReason() == null && System.nanoTime() > deadline) {
				stream.stop(JobErrorType.TIMEOUT);
			}
			if (stream.stopReason() != null) {
				query.stop();
				return;
			}
			StreamingStatus now = stream.figures.status();
			List<PipelineOutput> outputs = stream.outputs();
			if (!now.equals(recorded) || !outputs.equals(recordedOutputs)) {
				store.recordStreaming(job.id(), now, outputs);
				recorded = now;
				recordedOutputs = outputs;
			}
			try {
				query.awaitTermination(WATCH_MS);
			}
			catch (StreamingQueryException ex) {
				return; // the caller reads query.exception()
			}
		}
	}

	private void finish(Job job, RunningStream stream, Instant started, Throwable failure,
			List<PipelineOutput> outputs) {
		Instant finished = JobStore.now();
		StreamingStatus figures = stream.figures.status();
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("inputRows", stream.figures.inputRows());
		summary.put("rejectedRows", figures.rejectedRows());
		JobErrorType reason = stream.stopReason();
		JobStatus end;
		JobError error;
		if (reason == JobErrorType.CANCELLED) {
			end = JobStatus.CANCELLED;
			error = new JobError(JobErrorType.CANCELLED, "Cancelled on request; outputs are as of the last micro-batch.");
		}
		else if (reason == JobErrorType.INTERRUPTED) {
			end = JobStatus.CANCELLED;
			error = new JobError(JobErrorType.INTERRUPTED,
					"The server shut down and stopped the stream; outputs are as of the last micro-batch. Submit it again to start over.");
		}
		else if (reason == JobErrorType.SPARK_CONTEXT_LOST) {
			end = JobStatus.FAILED;
			error = new JobError(JobErrorType.SPARK_CONTEXT_LOST, "The shared SparkContext stopped while the stream "
					+ "ran; the server built a new one. Outputs are as of the last micro-batch; retry the job (POST "
					+ "/api/v1/jobs/" + job.id() + "/retry) to start over.");
		}
		else if (reason == JobErrorType.TIMEOUT) {
			end = JobStatus.FAILED;
			error = new JobError(JobErrorType.TIMEOUT, "Stopped after its timeout of " + job.timeoutSeconds()
					+ " s; outputs are as of the last micro-batch.");
		}
		else if (failure != null) {
			end = JobStatus.FAILED;
			error = new JobError(JobErrorType.PIPELINE_ERROR, message(JobRunner.rootCause(failure)));
		}
		else {
			end = JobStatus.SUCCEEDED;
			error = null;
		}
		store.recordStreaming(job.id(), figures, outputs);
		if (store.end(job.id(), JobStatus.RUNNING, end, finished, error, outputs, summary, null, null)) {
			String why = error == null ? "" : " error=" + error.type() + " message=\"" + error.message() + "\"";
			String line = "job={} pipeline={} status={} durationMs={} batches={} inputRows={} rejectedRows={}{}";
			Object[] args = { job.id(), job.pipeline(), end, Duration.between(started, finished).toMillis(),
					figures.batchId() == null ? 0 : figures.batchId() + 1, summary.get("inputRows"),
					figures.rejectedRows(), why };
			if (end == JobStatus.FAILED) {
				log.warn(line, args);
			}
			else {
				log.info(line, args);
			}
		}
	}

	private static String message(Throwable root) {
		String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
		// Spark's query errors append the plan; the first lines say what went wrong.
		return message.lines().limit(3).reduce((a, b) -> a + " " + b).orElse(message).strip();
	}

	private static void stopQuietly(StreamingQuery query) {
		try {
			query.stop();
		}
		catch (Exception ex) {
			log.debug("Stopping a streaming query failed", ex);
		}
	}

	/** Lets the listener bus deliver the last progress events, so the recorded figures are complete. */
	private static void awaitListenerEvents(SparkSession session) {
		try {
			// private[spark] in Scala, public in bytecode: the one way to know the events were delivered.
			session.sparkContext().listenerBus().waitUntilEmpty(5_000);
		}
		catch (Exception ex) {
			log.debug("Spark listener events still queued; recorded figures may lag", ex);
		}
	}

	/**
	 * Shutdown: take no new streams, stop every running one (each ends CANCELLED with error INTERRUPTED, its
	 * outputs as of its last micro-batch). Safe to call more than once and from several threads.
	 */
	public void drain() {
		synchronized (drainLock) {
			if (drained) {
				return;
			}
			accepting = false;
			long started = System.nanoTime();
			running.values().forEach(stream -> stream.stop(JobErrorType.INTERRUPTED));
			long deadline = System.nanoTime() + STOP_WAIT.toNanos();
			while (!running.isEmpty() && System.nanoTime() < deadline) {
				try {
					Thread.sleep(100);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
			}
			if (!running.isEmpty()) {
				log.warn("{} streaming job(s) did not stop within {}", running.size(), STOP_WAIT);
			}
			drained = true;
			log.info("Streaming runner drained in {} ms", (System.nanoTime() - started) / 1_000_000);
		}
	}

	@Override
	public void start() {
		if (!hooked) {
			// On SIGTERM, before Spark's own hooks stop the SparkContext and before the batch runner drains.
			ShutdownHookManager.addShutdownHook(SparkShutdownOrder.PRIORITY + 1, () -> {
				drain();
				return BoxedUnit.UNIT;
			});
			hooked = true;
		}
		lifecycleRunning = true;
	}

	@Override
	public void stop() {
		drain();
		lifecycleRunning = false;
	}

	@Override
	public boolean isRunning() {
		return lifecycleRunning;
	}

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

	@Override
	public void destroy() {
		threads.shutdownNow();
	}

	/** A stream on its job thread, and the one way to stop it. */
	private static final class RunningStream {

		private final StreamingFigures figures;

		private volatile SparkSession session;

		private volatile StreamingRun run;

		private JobErrorType stopReason;

		RunningStream(StreamingFigures figures) {
			this.figures = figures;
		}

		void started(StreamingRun run) {
			this.run = run;
		}

		List<PipelineOutput> outputs() {
			StreamingRun current = run;
			return current == null ? List.of() : current.outputs();
		}

		/** The job thread notices within {@link #WATCH_MS} and stops the query itself. */
		synchronized void stop(JobErrorType reason) {
			if (stopReason == null) {
				stopReason = reason;
			}
		}

		synchronized JobErrorType stopReason() {
			return stopReason;
		}

	}

}
