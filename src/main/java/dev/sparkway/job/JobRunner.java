package dev.sparkway.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.sparkway.dataset.InvalidInputPathException;
import dev.sparkway.dataset.StorageProperties;
import dev.sparkway.pipeline.Pipeline;
import dev.sparkway.pipeline.PipelineContext;
import dev.sparkway.pipeline.PipelineException;
import dev.sparkway.pipeline.PipelineParams;
import dev.sparkway.pipeline.PipelineResult;
import dev.sparkway.spark.JobMetrics;
import dev.sparkway.spark.JobProgress;
import dev.sparkway.spark.JobProgressListener;
import dev.sparkway.spark.JobSessions;
import dev.sparkway.spark.SparkContextLostEvent;
import dev.sparkway.spark.SparkSessionHolder;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Runs jobs on a fixed pool of {@code max-concurrent} threads behind a queue of {@code queue-capacity}. A slot is
 * reserved before a job record is written, so a submission refused for capacity leaves nothing behind.
 * <p>
 * On its thread a job gets the job group {@code jobId} (with interrupt-on-cancel) and a per-thread fair-scheduler
 * pool; cancel and timeout both go through {@link RunningJob#stop}, which cancels the job group and interrupts
 * the pipeline. The runner alone writes a running job's final status.
 */
@Component
public class JobRunner implements SmartLifecycle, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

	private final JobStore store;

	private final JobSessions sessions;

	private final SparkSessionHolder spark;

	private final JobProgressListener progress;

	private final Path outputRoot;

	private final JobsProperties properties;

	private final InputIdentities identities;

	private final Semaphore slots;

	private final ThreadPoolExecutor workers;

	private final ScheduledExecutorService timer;

	private final Map<String, RunningJob> running = new ConcurrentHashMap<>();

	private volatile boolean accepting = true;

	private volatile boolean lifecycleRunning;

	private final Object drainLock = new Object();

	private boolean drained;

	JobRunner(JobStore store, JobSessions sessions, SparkSessionHolder spark, JobProgressListener progress,
			StorageProperties storage, JobsProperties properties, InputIdentities identities) {
		this.store = store;
		this.sessions = sessions;
		this.spark = spark;
		this.progress = progress;
		this.outputRoot = storage.outputRoot();
		this.properties = properties;
		this.identities = identities;
		this.slots = new Semaphore(properties.maxConcurrent() + properties.queueCapacity());
		AtomicInteger threads = new AtomicInteger();
		this.workers = new ThreadPoolExecutor(properties.maxConcurrent(), properties.maxConcurrent(), 0,
				TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
					Thread thread = new Thread(r, "sparkway-job-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread thread = new Thread(r, "sparkway-job-timeouts");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Records the job as QUEUED and queues it.
	 * @throws QueueFullException when every run slot and queue place is taken; nothing is recorded then
	 */
	void submit(Job job, Pipeline pipeline, PipelineParams params, IdempotencyKey key) {
		requireAccepting();
		if (!slots.tryAcquire()) {
			throw new QueueFullException(properties.maxConcurrent() + properties.queueCapacity(),
					properties.retryAfter());
		}
		try {
			if (key == null) {
				store.insert(job);
			}
			else {
				store.insert(job, key);
			}
			logTransition(job, JobStatus.QUEUED, null);
			workers.execute(new QueuedJob(job.id(), () -> {
				try {
					run(job, pipeline, params);
				}
				finally {
					slots.release();
				}
			}));
		}
		catch (RuntimeException ex) {
			slots.release();
			if (ex instanceof RejectedExecutionException) {
				store.end(job.id(), JobStatus.QUEUED, JobStatus.FAILED, JobStore.now(),
						new JobError(JobErrorType.INTERRUPTED, "The server is shutting down."), null, null, null,
						null);
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

	/**
	 * Asks a running job to stop for the given reason. Returns false when the job is not running on this server.
	 */
	boolean stop(String jobId, JobErrorType reason) {
		RunningJob job = running.get(jobId);
		if (job == null) {
			return false;
		}
		job.stop(reason);
		return true;
	}

	/** Run slots plus queue places not taken. */
	int freeCapacity() {
		return slots.availablePermits();
	}

	/** Live progress and metrics of a job running here, if it is. */
	Job withLiveFigures(Job job) {
		if (job.status() != JobStatus.RUNNING) {
			return job;
		}
		Optional<JobProgress> live = progress.progress(job.id());
		if (live.isEmpty()) {
			// It ended between the caller's read and this look-up (its figures are forgotten once its end is
			// stored): the stored record has the final ones, where the earlier read would show no progress at all.
			return store.find(job.id()).orElse(job);
		}
		return job.withLive(live.get(), progress.metrics(job.id()).orElse(job.metrics()));
	}

	private void run(Job job, Pipeline pipeline, PipelineParams params) {
		MDC.put("jobId", job.id());
		RunningJob handle = new RunningJob(Thread.currentThread(), () -> progress.cancel(job.id()));
		progress.track(job.id());
		running.put(job.id(), handle);
		try {
			Instant started = JobStore.now();
			if (!store.start(job.id(), started)) {
				return; // cancelled while it waited
			}
			logTransition(job, JobStatus.RUNNING, null);
			ScheduledFuture<?> timeout = timer.schedule(() -> handle.stop(JobErrorType.TIMEOUT), job.timeoutSeconds(),
					TimeUnit.SECONDS);
			try {
				execute(job, pipeline, params, handle, started);
			}
			finally {
				timeout.cancel(false);
			}
		}
		catch (RuntimeException ex) {
			log.error("Job {} could not be recorded", job.id(), ex);
		}
		finally {
			running.remove(job.id());
			progress.forget(job.id());
			MDC.remove("jobId");
		}
	}

	private void execute(Job job, Pipeline pipeline, PipelineParams params, RunningJob handle, Instant started) {
		Path outputDir = outputRoot.resolve(job.id());
		SparkSession session = null;
		PipelineContext context = null;
		PipelineResult result = null;
		InputIdentities.Identified inputs = null;
		Throwable failure = null;
		try {
			// Before Spark reads them: the identity of the inputs these outputs are computed from.
			inputs = identities.identify(pipeline, params);
			store.recordInputs(job.id(), inputs.inputs(), inputs.reuseKey());
			session = sessions.newSession();
			context = new PipelineContext(job.id(), session, params, outputDir);
			SparkContext sc = session.sparkContext();
			sc.setJobGroup(job.id(), job.pipeline() + " " + job.id(), true);
			sc.setLocalProperty("spark.scheduler.pool", Thread.currentThread().getName());
			sc.setCallSite(PipelineContext.callSite(job.id()));
			handle.enterPipeline();
			result = pipeline.run(context);
		}
		catch (Throwable ex) {
			failure = ex;
		}
		finally {
			handle.leavePipeline();
			if (session != null) {
				cleanUp(session, context);
			}
		}
		boolean contextLost = session != null && session.sparkContext().isStopped();
		if (session != null && !contextLost) {
			awaitListenerEvents(session);
		}
		JobProgress finalProgress = progress.progress(job.id()).orElse(JobProgress.NONE);
		JobMetrics finalMetrics = progress.metrics(job.id()).orElse(JobMetrics.NONE);
		Instant finished = JobStore.now();
		JobErrorType stopReason = handle.stopReason();
		if (stopReason == null && failure == null) {
			forgetIfInputsChanged(job, pipeline, params, inputs);
			if (store.end(job.id(), JobStatus.RUNNING, JobStatus.SUCCEEDED, finished, null, result.outputs(),
					result.summary(), finalProgress.completed(), finalMetrics)) {
				logTransition(job, JobStatus.SUCCEEDED, Duration.between(started, finished));
			}
			return;
		}
		if (contextLost && stopReason != JobErrorType.INTERRUPTED && stopReason != JobErrorType.CANCELLED) {
			// Whatever else went wrong on the way, the job failed because its SparkContext went away.
			stopReason = JobErrorType.SPARK_CONTEXT_LOST;
		}
		if (contextLost) {
			// The lost local executor's tasks run on and may still write: remove the output now, and again once
			// they have ended, without holding the job's record back until then.
			spark.whenTasksEnded(session.sparkContext(), () -> deleteOutputs(outputDir));
		}
		else {
			awaitSparkQuiet(job.id());
		}
		deleteOutputs(outputDir);
		JobError error = error(job, stopReason, failure);
		JobStatus end = stopReason == JobErrorType.CANCELLED ? JobStatus.CANCELLED : JobStatus.FAILED;
		if (store.end(job.id(), JobStatus.RUNNING, end, finished, error, null, null, finalProgress, finalMetrics)) {
			logTransition(job, end, Duration.between(started, finished), error);
			if (stopReason == null && isUnexpected(failure)) {
				log.error("Job {} failed unexpectedly", job.id(), failure);
			}
		}
	}

	/**
	 * An input written while the job read it may have given outputs that match neither version: such a job is
	 * never reused. (Hashes of unchanged files are remembered, so this check costs a few file-system calls.)
	 */
	private void forgetIfInputsChanged(Job job, Pipeline pipeline, PipelineParams params,
			InputIdentities.Identified before) {
		String after;
		try {
			after = identities.identify(pipeline, params).reuseKey();
		}
		catch (RuntimeException ex) {
			after = null;
		}
		if (!before.reuseKey().equals(after)) {
			store.recordInputs(job.id(), before.inputs(), null);
			log.warn("job={} pipeline={} an input changed while the job ran; its outputs will not be reused", job.id(),
					job.pipeline());
		}
	}

	/** Releases the job's caches and thread properties; on a stopped context there is nothing left to release. */
	private static void cleanUp(SparkSession session, PipelineContext context) {
		SparkContext sc = session.sparkContext();
		try {
			if (context != null && !sc.isStopped()) {
				context.releaseCaches();
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not release the caches of a job: {}", ex.toString());
		}
		finally {
			sc.clearCallSite();
			sc.clearJobGroup();
			sc.setLocalProperty("spark.scheduler.pool", null);
		}
	}

	/** The shared SparkContext stopped: every job that ran on it fails as {@code SPARK_CONTEXT_LOST}. */
	@EventListener
	void onSparkContextLost(SparkContextLostEvent event) {
		running.values().forEach(job -> job.stop(JobErrorType.SPARK_CONTEXT_LOST));
	}

	private static JobError error(Job job, JobErrorType stopReason, Throwable failure) {
		if (stopReason == JobErrorType.CANCELLED) {
			return new JobError(JobErrorType.CANCELLED, "Cancelled on request.");
		}
		if (stopReason == JobErrorType.INTERRUPTED) {
			return new JobError(JobErrorType.INTERRUPTED,
					"The server shut down while the job ran (past sparkway.jobs.shutdown-grace); submit it again.");
		}
		if (stopReason == JobErrorType.SPARK_CONTEXT_LOST) {
			return new JobError(JobErrorType.SPARK_CONTEXT_LOST, "The shared SparkContext stopped while the job ran; "
					+ "the server built a new one. Retry the job (POST /api/v1/jobs/" + job.id() + "/retry).");
		}
		if (stopReason == JobErrorType.TIMEOUT) {
			return new JobError(JobErrorType.TIMEOUT,
					"Stopped after its timeout of " + job.timeoutSeconds() + " s; give a larger timeoutSeconds.");
		}
		Throwable root = rootCause(failure);
		if (root instanceof InvalidInputPathException) {
			return new JobError(JobErrorType.INPUT_ERROR, root.getMessage());
		}
		String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
		return new JobError(JobErrorType.PIPELINE_ERROR, message);
	}

	private static boolean isUnexpected(Throwable failure) {
		Throwable root = rootCause(failure);
		return !(root instanceof PipelineException || root instanceof InvalidInputPathException);
	}

	static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			if (cause instanceof PipelineException || cause instanceof InvalidInputPathException) {
				return cause;
			}
			cause = cause.getCause();
		}
		return cause;
	}

	/** Lets the listener bus deliver the last task events, so the recorded figures are complete. */
	private static void awaitListenerEvents(SparkSession session) {
		try {
			// private[spark] in Scala, public in bytecode: the one way to know the events were delivered.
			session.sparkContext().listenerBus().waitUntilEmpty(5_000);
		}
		catch (Exception ex) {
			log.debug("Spark listener events still queued; recorded figures may lag", ex);
		}
	}

	/** Killed tasks may still be writing; removing the output before they stop could leave files behind. */
	private void awaitSparkQuiet(String jobId) {
		try {
			if (!progress.awaitQuiet(jobId, Duration.ofSeconds(30))) {
				log.warn("job={} still has Spark tasks running 30 s after it stopped", jobId);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Removes everything a job wrote. */
	void deleteOutputs(String jobId) {
		Path dir = outputRoot.resolve(jobId).normalize();
		if (dir.startsWith(outputRoot) && !dir.equals(outputRoot)) {
			deleteOutputs(dir);
		}
	}

	private static void deleteOutputs(Path dir) {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
		catch (IOException ex) {
			log.warn("Could not remove partial output {}: {}", dir, ex.getMessage());
		}
	}

	private static void logTransition(Job job, JobStatus status, Duration duration) {
		logTransition(job, status, duration, null);
	}

	private static void logTransition(Job job, JobStatus status, Duration duration, JobError error) {
		String took = duration == null ? "" : " durationMs=" + duration.toMillis();
		String why = error == null ? "" : " error=" + error.type() + " message=\"" + error.message() + "\"";
		if (error != null && error.type() != JobErrorType.CANCELLED) {
			log.warn("job={} pipeline={} status={}{}{}", job.id(), job.pipeline(), status, took, why);
		}
		else {
			log.info("job={} pipeline={} status={}{}{}", job.id(), job.pipeline(), status, took, why);
		}
	}

	/**
	 * Shutdown, in order: take no new jobs (503); end queued jobs as INTERRUPTED without starting them; let
	 * running jobs finish within {@code shutdown-grace}; stop the rest as INTERRUPTED. Afterwards no record of this
	 * server says QUEUED or RUNNING. Safe to call more than once and from several threads (Spring's shutdown and
	 * Spark's shutdown hook both call it; Spark stops its context only after it returned).
	 */
	public void drain() {
		synchronized (drainLock) {
			if (drained) {
				return;
			}
			accepting = false;
			long started = System.nanoTime();
			List<Runnable> queued = new ArrayList<>();
			workers.getQueue().drainTo(queued);
			for (Runnable task : queued) {
				if (task instanceof QueuedJob job && store.end(job.id(), JobStatus.QUEUED, JobStatus.FAILED,
						JobStore.now(), new JobError(JobErrorType.INTERRUPTED,
								"The server shut down before the job started; submit it again."),
						null, null, null, null)) {
					slots.release();
					log.info("job={} status=FAILED error=INTERRUPTED (queued at shutdown)", job.id());
				}
			}
			long graceEnd = System.nanoTime() + properties.shutdownGrace().toNanos();
			awaitNoneRunning(graceEnd);
			if (!running.isEmpty()) {
				log.warn("Stopping {} job(s) still running after the shutdown grace of {}", running.size(),
						properties.shutdownGrace());
				running.values().forEach(job -> job.stop(JobErrorType.INTERRUPTED));
				awaitNoneRunning(System.nanoTime() + Duration.ofSeconds(15).toNanos());
			}
			workers.shutdown();
			// Whatever could not be recorded in time is recorded now.
			store.interruptUnfinished(JobStore.now());
			drained = true;
			log.info("Job runner drained in {} ms", (System.nanoTime() - started) / 1_000_000);
		}
	}

	private void awaitNoneRunning(long deadlineNanos) {
		while (!running.isEmpty() && System.nanoTime() < deadlineNanos) {
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
		workers.shutdownNow();
		timer.shutdownNow();
	}

	/** A queued task that knows its job, so a shutdown can record the jobs it will never start. */
	private record QueuedJob(String id, Runnable work) implements Runnable {

		@Override
		public void run() {
			work.run();
		}

	}

	/** A job on a runner thread, and the one way to stop it. */
	static final class RunningJob {

		private final Thread thread;

		private final Runnable cancelSparkWork;

		private JobErrorType stopReason;

		private boolean inPipeline;

		RunningJob(Thread thread, Runnable cancelSparkWork) {
			this.thread = thread;
			this.cancelSparkWork = cancelSparkWork;
		}

		synchronized void stop(JobErrorType reason) {
			if (stopReason != null) {
				return;
			}
			stopReason = reason;
			cancelSparkWork.run();
			// Interrupt only inside the pipeline: an interrupt during a job-store write could break the JDBC call.
			if (inPipeline) {
				thread.interrupt();
			}
		}

		synchronized JobErrorType stopReason() {
			return stopReason;
		}

		synchronized void enterPipeline() {
			inPipeline = true;
			if (stopReason != null) {
				thread.interrupt();
			}
		}

		synchronized void leavePipeline() {
			inPipeline = false;
			Thread.interrupted();
		}

	}

}
