package dev.sparkway.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import dev.sparkway.pipeline.BatchPipeline;
import dev.sparkway.pipeline.Pipeline;
import dev.sparkway.pipeline.PipelineContext;
import dev.sparkway.pipeline.PipelineParams;
import dev.sparkway.pipeline.StreamingPipeline;
import dev.sparkway.spark.JobProgressListener;
import dev.sparkway.spark.JobSessions;
import dev.sparkway.spark.SparkContextLostEvent;
import dev.sparkway.spark.SparkJobScope;
import dev.sparkway.spark.SparkProperties;
import dev.sparkway.spark.SparkSessionHolder;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
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
 * Runs every job, batch or stream: the one place for admission, threads, the jobs running here, stop and cancel,
 * timeouts, the loss of the SparkContext and the drain at shutdown. What differs between the two modes is a
 * {@link JobWork} ({@link BatchWork}, {@link StreamWork}); how a run ended is decided by {@link JobOutcome}; every
 * change of state goes through {@link JobTransitions}, which records it and publishes it.
 * <p>
 * Admission: batch jobs take one of {@code sparkway.jobs.max-concurrent} threads behind a queue of
 * {@code queue-capacity}; streams take one of {@code sparkway.streaming.max-concurrent} slots of their own and are
 * never queued (a long stream never holds up batch jobs, nor the other way round). A slot is reserved before the
 * job is recorded, so a submission refused for capacity leaves nothing behind.
 * <p>
 * On its thread a job gets a per-job session and a {@link SparkJobScope} (its job group, a fair-scheduler pool of
 * its own, its call site); a stop (cancel, timeout, shutdown, context loss) cancels the job group and, inside a batch
 * pipeline, interrupts it; a stream's thread notices within a fraction of a second and stops its query.
 */
@Component
public class JobExecutor implements SmartLifecycle, DisposableBean {

	/**
	 * The drain's place among Spark's own shutdown hooks: first, above the executor's (100), which stops the task
	 * pool, and the SparkContext's (50), so a SIGTERM lets jobs finish before Spark stops.
	 */
	static final int SHUTDOWN_HOOK_PRIORITY = 10_000;

	/** Progress events per job: at most one per this period. */
	private static final long PROGRESS_MS = 250;

	/** How long stopped jobs get to record their end, once the grace is over (a stream stops within seconds). */
	private static final Duration STOP_WAIT = Duration.ofSeconds(30);

	private static final Logger log = LoggerFactory.getLogger(JobExecutor.class);

	private final JobTransitions transitions;

	private final JobStore store;

	private final JobSessions sessions;

	private final SparkSessionHolder spark;

	private final JobProgressListener progress;

	private final JobOutputs outputs;

	private final InputIdentities identities;

	private final JobsProperties properties;

	private final Lane batch;

	private final Lane streams;

	private final ScheduledExecutorService timer;

	/** Every job admitted here, from QUEUED until its end is recorded. */
	private final Map<String, RunningJob> jobs = new ConcurrentHashMap<>();

	private volatile boolean accepting = true;

	private volatile boolean lifecycleRunning;

	private boolean hooked;

	private final Object drainLock = new Object();

	private boolean drained;

	private final JobPlans plans;

	private final JobStages stages;

	private final SparkProperties sparkProperties;

	JobExecutor(JobTransitions transitions, JobStore store, JobSessions sessions, SparkSessionHolder spark,
			JobProgressListener progress, JobOutputs outputs, InputIdentities identities, JobsProperties properties,
			StreamingProperties streaming, JobPlans plans, JobStages stages, SparkProperties sparkProperties) {
		this.plans = plans;
		this.stages = stages;
		this.sparkProperties = sparkProperties;
		this.transitions = transitions;
		this.store = store;
		this.sessions = sessions;
		this.spark = spark;
		this.progress = progress;
		this.outputs = outputs;
		this.identities = identities;
		this.properties = properties;
		int batchSlots = properties.maxConcurrent() + properties.queueCapacity();
		this.batch = new Lane(batchSlots,
				new ThreadPoolExecutor(properties.maxConcurrent(), properties.maxConcurrent(), 0, TimeUnit.SECONDS,
						new LinkedBlockingQueue<>(), threads("sparkway-job-")),
				slots -> new QueueFullException(slots, properties.retryAfter()));
		this.streams = new Lane(streaming.maxConcurrent(),
				new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
						threads("sparkway-stream-")),
				slots -> new StreamingCapacityException(slots, properties.retryAfter()));
		this.timer = Executors.newSingleThreadScheduledExecutor(threads("sparkway-job-timer"));
		this.timer.scheduleAtFixedRate(this::publishProgress, PROGRESS_MS, PROGRESS_MS, TimeUnit.MILLISECONDS);
	}

	/**
	 * Records the job as QUEUED and queues it (a stream starts at once).
	 * @throws NotAcceptingJobsException once the server is shutting down
	 * @throws QueueFullException when every batch slot and queue place is taken; nothing is recorded then
	 * @throws StreamingCapacityException when every streaming slot is taken; nothing is recorded then
	 */
	void submit(Job job, Pipeline pipeline, PipelineParams params, IdempotencyKey key) {
		requireAccepting();
		boolean stream = pipeline instanceof StreamingPipeline;
		Lane lane = stream ? streams : batch;
		JobWork work = stream ? new StreamWork(job, (StreamingPipeline) pipeline, store, outputs, progress)
				: new BatchWork(job, (BatchPipeline) pipeline, params, store, identities, progress, spark, outputs);
		Runnable releaseSlot = lane.reserve();
		RunningJob running = new RunningJob(job, stream ? JobOutcome.Mode.STREAM : JobOutcome.Mode.BATCH, work,
				() -> progress.cancel(job.id()));
		try {
			transitions.queued(job, key, Map.of());
			jobs.put(job.id(), running);
			lane.threads.execute(new QueuedJob(running, releaseSlot, () -> {
				try {
					run(running, params, releaseSlot);
				}
				finally {
					releaseSlot.run();
				}
			}));
		}
		catch (RuntimeException ex) {
			releaseSlot.run();
			jobs.remove(job.id());
			if (ex instanceof RejectedExecutionException) {
				transitions.ended(job, JobStatus.QUEUED, null, JobEnding.of(JobStatus.FAILED, JobStore.now(),
						new JobError(JobErrorType.INTERRUPTED, "The server is shutting down.")), Map.of());
			}
			throw ex;
		}
	}

	/** @throws NotAcceptingJobsException once the server is shutting down */
	void requireAccepting() {
		if (!accepting) {
			throw new NotAcceptingJobsException("The server is shutting down and takes no new jobs. Retry after "
					+ properties.retryAfter().toSeconds() + " s (against the restarted server).", properties.retryAfter());
		}
	}

	/** Asks a running job to stop for the given reason; false when it is not running on this server. */
	boolean stop(String jobId, JobErrorType reason) {
		RunningJob job = jobs.get(jobId);
		if (job == null || !job.isStarted()) {
			return false;
		}
		job.stop(reason);
		return true;
	}

	/** Jobs of one mode running here now: started, end not yet recorded (for metrics). */
	int running(JobOutcome.Mode mode) {
		return (int) jobs.values().stream().filter(job -> job.mode == mode && job.isStarted()).count();
	}

	/** Jobs admitted and waiting for a run thread (for metrics). */
	int queued() {
		return (int) jobs.values().stream().filter(job -> !job.isStarted()).count();
	}

	/** Places in the batch queue, behind the run slots (for metrics). */
	int queueCapacity() {
		return properties.queueCapacity();
	}

	/** Batch run slots plus queue places not taken. */
	int freeCapacity() {
		return batch.slots.availablePermits();
	}

	/** Streaming slots not taken: a stream gives its slot back after its end is recorded. */
	int freeStreamSlots() {
		return streams.slots.availablePermits();
	}

	/** A running job's live figures (and a stream's current outputs); the stored ones otherwise. */
	Job withLiveFigures(Job job) {
		if (job.status() != JobStatus.RUNNING) {
			return job;
		}
		RunningJob running = jobs.get(job.id());
		if (running == null) {
			// It ended between the caller's read and this look-up: the stored record has the final figures.
			return store.find(job.id()).orElse(job);
		}
		return running.work.withLiveFigures(job);
	}

	/** The session a job runs on, while it runs: for tests and diagnostics. */
	public Optional<SparkSession> session(String jobId) {
		return Optional.ofNullable(jobs.get(jobId)).map(RunningJob::session);
	}

	/** The shared SparkContext stopped: every job that ran on it fails as {@code SPARK_CONTEXT_LOST}. */
	@EventListener
	void onSparkContextLost(SparkContextLostEvent event) {
		jobs.values().stream().filter(RunningJob::isStarted).forEach(job -> job.stop(JobErrorType.SPARK_CONTEXT_LOST));
	}

	private void run(RunningJob job, PipelineParams params, Runnable releaseSlot) {
		MDC.put("jobId", job.id());
		progress.track(job.id());
		try {
			Instant started = JobStore.now();
			// Stoppable from before its RUNNING is recorded: a cancel that sees RUNNING always finds it here.
			job.started(Thread.currentThread(), started);
			if (!transitions.started(job.job, started, Map.of())) {
				return; // cancelled while it waited
			}
			job.running();
			long timeoutSeconds = job.job.timeoutSeconds();
			ScheduledFuture<?> timeout = timeoutSeconds <= 0 ? null
					: timer.schedule(() -> job.stop(JobErrorType.TIMEOUT), timeoutSeconds, TimeUnit.SECONDS);
			try {
				execute(job, params, releaseSlot);
			}
			finally {
				if (timeout != null) {
					timeout.cancel(false);
				}
			}
		}
		catch (RuntimeException ex) {
			log.error("Job {} could not be recorded", job.id(), ex);
		}
		finally {
			jobs.remove(job.id());
			progress.forget(job.id());
			MDC.remove("jobId");
		}
	}

	private void execute(RunningJob job, PipelineParams params, Runnable releaseSlot) {
		SparkSession session = null;
		Throwable failure = null;
		try {
			// Waits while the shared session is being rebuilt; fails the job when none comes.
			session = sessions.newSession();
			job.session(session);
			plans.recordFrom(job.id(), session);
			SparkContext sc = session.sparkContext();
			store.recordSparkApplication(job.id(), sc.applicationId(), sparkProperties.uiAddress(sc));
			PipelineContext context = new PipelineContext(job.id(), session, params, outputs.dir(job.id()));
			// A pool per thread: jobs share the executors fairly. A stream's query thread inherits the scope.
			try (SparkJobScope scope = SparkJobScope.job(sc, job.id(), job.job.pipeline() + " " + job.id(),
					Thread.currentThread().getName())) {
				job.work.run(job, context);
			}
		}
		catch (Throwable ex) {
			failure = ex;
		}
		boolean contextLost = session != null && session.sparkContext().isStopped();
		if (session != null && !contextLost) {
			awaitListenerEvents(session);
		}
		progress.stages(job.id())
			.ifPresent(ran -> stages.record(job.id(), ran, progress.firstSparkJob(job.id()).orElse(null)));
		job.session(null);
		JobOutcome.Mode mode = job.mode;
		JobOutcome.Decision decision = JobOutcome.decide(mode, job.stopReason(), failure, contextLost);
		JobEnding ending = job.work.finish(decision, JobEnding.of(decision.status(), JobStore.now(),
				JobOutcome.error(decision, mode, job.job, failure)), session, contextLost);
		// Its Spark work is over: once a client sees the end, the job holds no slot.
		releaseSlot.run();
		job.publishLastProgress(transitions::progressed);
		if (transitions.ended(job.job, JobStatus.RUNNING, job.startedAt(), ending, job.work.endDetails())
				&& decision.errorType() == JobErrorType.PIPELINE_ERROR && mode == JobOutcome.Mode.BATCH
				&& JobOutcome.unexpected(failure)) {
			log.error("Job {} failed unexpectedly", job.id(), failure);
		}
	}

	/** Lets the listener bus deliver the last events, so the recorded figures are complete. */
	private static void awaitListenerEvents(SparkSession session) {
		try {
			// private[spark] in Scala, public in bytecode: the one way to know the events were delivered.
			session.sparkContext().listenerBus().waitUntilEmpty(5_000);
		}
		catch (Exception ex) {
			log.debug("Spark listener events still queued; recorded figures may lag", ex);
		}
	}

	private void publishProgress() {
		for (RunningJob job : jobs.values()) {
			try {
				job.publishProgress(transitions::progressed);
			}
			catch (RuntimeException ex) {
				log.warn("job={} progress event not delivered: {}", job.id(), ex.toString());
			}
		}
	}

	/**
	 * Shutdown, in order: take no new jobs (503); end queued jobs FAILED/INTERRUPTED without starting them; stop
	 * streams (they run until stopped; FAILED/INTERRUPTED, outputs kept); let batch jobs finish within
	 * {@code sparkway.jobs.shutdown-grace}; stop the rest as INTERRUPTED. Afterwards no job of this server is
	 * recorded QUEUED or RUNNING. Safe to call more than once and from several threads (Spring's shutdown and the
	 * Spark shutdown hook both call it; Spark stops its context only after it returned).
	 */
	public void drain() {
		synchronized (drainLock) {
			if (drained) {
				return;
			}
			accepting = false;
			long started = System.nanoTime();
			for (Lane lane : List.of(batch, streams)) {
				for (QueuedJob queued : lane.drainQueue()) {
					jobs.remove(queued.job().id());
					queued.releaseSlot().run();
					transitions.ended(queued.job().job, JobStatus.QUEUED, null,
							JobEnding.of(JobStatus.FAILED, JobStore.now(), new JobError(JobErrorType.INTERRUPTED,
									"The server shut down before the job started; submit it again.")),
							Map.of());
				}
			}
			jobs.values().stream().filter(job -> job.mode == JobOutcome.Mode.STREAM)
				.forEach(job -> job.stop(JobErrorType.INTERRUPTED));
			awaitNoneRunning(System.nanoTime() + properties.shutdownGrace().toNanos());
			if (!jobs.isEmpty()) {
				log.warn("Stopping {} job(s) still running after the shutdown grace of {}", jobs.size(),
						properties.shutdownGrace());
				jobs.values().forEach(job -> job.stop(JobErrorType.INTERRUPTED));
				awaitNoneRunning(System.nanoTime() + STOP_WAIT.toNanos());
			}
			batch.threads.shutdown();
			streams.threads.shutdown();
			// Whatever could not record its end in time is recorded now.
			for (RunningJob job : new ArrayList<>(jobs.values())) {
				JobEnding interrupted = JobEnding.of(JobStatus.FAILED, JobStore.now(), new JobError(
						JobErrorType.INTERRUPTED, "The server shut down before the job could record its end."));
				if (!transitions.ended(job.job, JobStatus.RUNNING, job.startedAt(), interrupted, Map.of())) {
					transitions.ended(job.job, JobStatus.QUEUED, null, interrupted, Map.of());
				}
			}
			drained = true;
			log.info("Job executor drained in {} ms", (System.nanoTime() - started) / 1_000_000);
		}
	}

	private void awaitNoneRunning(long deadlineNanos) {
		while (!jobs.isEmpty() && System.nanoTime() < deadlineNanos) {
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	@Override
	public void start() {
		if (!hooked) {
			// private[spark] in Scala, public in bytecode: the only way to order work before Spark's own hooks.
			ShutdownHookManager.addShutdownHook(SHUTDOWN_HOOK_PRIORITY, () -> {
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

	/** Stopped first of all lifecycles: before the web server's graceful shutdown, so submissions get a 503. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

	@Override
	public void destroy() {
		batch.threads.shutdownNow();
		streams.threads.shutdownNow();
		timer.shutdownNow();
	}

	private static java.util.concurrent.ThreadFactory threads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return r -> {
			Thread thread = new Thread(r, prefix.endsWith("-") ? prefix + count.incrementAndGet() : prefix);
			thread.setDaemon(true);
			return thread;
		};
	}

	/** Admission for one mode: its slots (run slots plus queue places) and its threads. */
	private record Lane(Semaphore slots, ThreadPoolExecutor threads, IntFunction<RuntimeException> full, int size) {

		Lane(int size, ThreadPoolExecutor threads, IntFunction<RuntimeException> full) {
			this(new Semaphore(size), threads, full, size);
		}

		/** Takes a slot, or refuses; the returned action gives it back, once only. */
		Runnable reserve() {
			if (!slots.tryAcquire()) {
				throw full.apply(size);
			}
			AtomicBoolean released = new AtomicBoolean();
			return () -> {
				if (released.compareAndSet(false, true)) {
					slots.release();
				}
			};
		}

		List<QueuedJob> drainQueue() {
			List<Runnable> tasks = new ArrayList<>();
			BlockingQueue<Runnable> queue = threads.getQueue();
			queue.drainTo(tasks);
			return tasks.stream().filter(QueuedJob.class::isInstance).map(QueuedJob.class::cast).toList();
		}

	}

	/** A queued task that knows its job, so a shutdown can record the jobs it will never start. */
	private record QueuedJob(RunningJob job, Runnable releaseSlot, Runnable work) implements Runnable {

		@Override
		public void run() {
			work.run();
		}

	}

}
