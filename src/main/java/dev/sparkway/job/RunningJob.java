package dev.sparkway.job;

import java.time.Instant;
import java.util.function.Consumer;

import org.apache.spark.sql.SparkSession;

/**
 * A job admitted on this server, from QUEUED until its end is recorded: its work, its thread once it runs, and the
 * one way to stop it. Stopping records the first reason given, cancels the job's Spark work and, while the job is
 * inside its pipeline, interrupts its thread.
 */
final class RunningJob {

	final Job job;

	final JobOutcome.Mode mode;

	final JobWork work;

	private final Runnable cancelSparkWork;

	private Thread thread;

	private Instant startedAt;

	private volatile SparkSession session;

	private JobErrorType stopReason;

	private boolean inPipeline;

	private boolean publishing;

	private boolean ended;

	private JobEvent.Progress lastProgress;

	RunningJob(Job job, JobOutcome.Mode mode, JobWork work, Runnable cancelSparkWork) {
		this.job = job;
		this.mode = mode;
		this.work = work;
		this.cancelSparkWork = cancelSparkWork;
	}

	String id() {
		return job.id();
	}

	synchronized void started(Thread runner, Instant at) {
		thread = runner;
		startedAt = at;
	}

	synchronized boolean isStarted() {
		return startedAt != null;
	}

	/** Its RUNNING is recorded and published: from here its progress is published too. */
	synchronized void running() {
		publishing = true;
	}

	synchronized Instant startedAt() {
		return startedAt;
	}

	/** The session the job runs on, while it runs (for tests and diagnostics). */
	SparkSession session() {
		return session;
	}

	void session(SparkSession current) {
		session = current;
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

	/** For a batch job's thread, around the pipeline's run: from here a stop interrupts it. */
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

	/**
	 * Publishes the job's figures if they changed since the last time, the job has started and its end is not yet
	 * on the way. Under the job's lock, so no progress is published before RUNNING or after the end.
	 */
	synchronized void publishProgress(Consumer<JobEvent.Progress> publish) {
		if (!publishing || ended) {
			return;
		}
		JobEvent.Progress now = work.progress();
		if (now != null && !now.equals(lastProgress)) {
			lastProgress = now;
			publish.accept(now);
		}
	}

	/** Publishes the final figures; from here no progress is published, the end comes next. */
	synchronized void publishLastProgress(Consumer<JobEvent.Progress> publish) {
		publishProgress(publish);
		ended = true;
	}

}
