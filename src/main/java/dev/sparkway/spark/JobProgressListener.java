package dev.sparkway.spark;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.spark.SparkContext;
import org.apache.spark.Success$;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.JobSucceeded$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import scala.collection.JavaConverters;

import org.springframework.stereotype.Component;

/**
 * Maps Spark's scheduler events to Sparkway jobs through the job id ({@link SparkJobScope#jobOf}) that the
 * executor's scope sets on the thread running a pipeline and that the threads it starts inherit (a streaming
 * query's runs its micro-batches under the query's own job group, yet carries the job id), and keeps per-job
 * counts and summed task metrics.
 * <p>
 * Events arrive on Spark's listener-bus thread; readers take snapshots from request and runner threads.
 */
@Component
public class JobProgressListener extends SparkListener {

	private final Map<String, Tracker> trackers = new ConcurrentHashMap<>();

	private final Map<Integer, Tracker> bySparkJob = new ConcurrentHashMap<>();

	private final Map<Integer, Tracker> byStage = new ConcurrentHashMap<>();

	private volatile SparkContext context;

	/** Called once the SparkContext it listens to exists, so it can cancel Spark jobs of stopped jobs. */
	void attach(SparkContext context) {
		this.context = context;
	}

	/** Starts tracking a Sparkway job; events for groups not tracked are ignored. */
	public void track(String jobId) {
		trackers.put(jobId, new Tracker());
	}

	/** Stops tracking a Sparkway job and forgets its figures. */
	public void forget(String jobId) {
		Tracker tracker = trackers.remove(jobId);
		if (tracker != null) {
			bySparkJob.values().removeIf(t -> t == tracker);
			byStage.values().removeIf(t -> t == tracker);
		}
	}

	/**
	 * Cancels the Spark jobs of a Sparkway job, now and from now on. {@code cancelJobGroup} alone only cancels the
	 * Spark jobs active at that moment; a pipeline that missed its interrupt would start the next one unhindered.
	 * Spark jobs of a streaming query (in the query's own group) are not cancelled here: stopping the query does.
	 */
	public void cancel(String jobId) {
		Tracker tracker = trackers.get(jobId);
		if (tracker != null) {
			tracker.stopped = true;
		}
		SparkContext sc = context;
		if (sc != null && !sc.isStopped()) {
			sc.cancelJobGroup(jobId);
		}
	}

	/**
	 * Waits until no Spark job or task of the Sparkway job is still running, up to the timeout. After a cancel,
	 * Spark fails the job at once but its killed tasks stop later; until they do they may still write files.
	 * Returns whether it went quiet in time.
	 */
	public boolean awaitQuiet(String jobId, Duration timeout) throws InterruptedException {
		Tracker tracker = trackers.get(jobId);
		return tracker == null || tracker.awaitQuiet(timeout.toMillis());
	}

	/**
	 * The context these events came from stopped: its Spark jobs, stages and tasks will report no end, and the
	 * next context numbers its own from 0 again. Ends them as failed and forgets their ids.
	 */
	void contextLost() {
		bySparkJob.clear();
		byStage.clear();
		trackers.values().forEach(tracker -> {
			tracker.contextLost();
			tracker.stageLog.contextLost();
		});
	}

	public Optional<JobProgress> progress(String jobId) {
		return Optional.ofNullable(trackers.get(jobId)).map(Tracker::progress);
	}

	public Optional<JobMetrics> metrics(String jobId) {
		return Optional.ofNullable(trackers.get(jobId)).map(Tracker::metrics);
	}

	/**
	 * The stages of a tracked job so far, in the order Spark submitted them (the latest {@value SparkStage#MAX_PER_JOB});
	 * empty when the job is not tracked here.
	 */
	public Optional<List<SparkStage>> stages(String jobId) {
		return Optional.ofNullable(trackers.get(jobId)).map(tracker -> tracker.stageLog.stages());
	}

	/** The id of the first Spark job a tracked job ran, once it ran one. */
	public Optional<Integer> firstSparkJob(String jobId) {
		return Optional.ofNullable(trackers.get(jobId)).map(tracker -> tracker.stageLog.firstSparkJob());
	}

	@Override
	public void onJobStart(SparkListenerJobStart event) {
		Tracker tracker = trackerOf(event.properties());
		if (tracker != null) {
			bySparkJob.put(event.jobId(), tracker);
			tracker.jobStarted();
			tracker.stageLog.sparkJobStarted(event.jobId(), JavaConverters.seqAsJavaList(event.stageInfos()));
			SparkContext sc = context;
			// A streaming query's Spark jobs are left to its stop (StreamWork), which cancels its own group and ends
			// the query quietly; cancelling one here would fail the query with an error and a stack trace.
			if (tracker.stopped && sc != null && SparkJobScope.inJobGroup(event.properties())) {
				sc.cancelJob(event.jobId(), "its Sparkway job was cancelled or timed out");
			}
		}
	}

	@Override
	public void onJobEnd(SparkListenerJobEnd event) {
		Tracker tracker = bySparkJob.remove(event.jobId());
		if (tracker != null) {
			tracker.jobEnded(JobSucceeded$.MODULE$.equals(event.jobResult()));
			tracker.stageLog.sparkJobEnded(event.jobId());
		}
	}

	@Override
	public void onStageSubmitted(SparkListenerStageSubmitted event) {
		Tracker tracker = trackerOf(event.properties());
		if (tracker != null) {
			byStage.put(event.stageInfo().stageId(), tracker);
			tracker.stageSubmitted(event.stageInfo().numTasks());
			tracker.stageLog.stageSubmitted(event.stageInfo());
		}
	}

	@Override
	public void onStageCompleted(SparkListenerStageCompleted event) {
		// The mapping stays until the job is forgotten: killed tasks report their end after their stage's.
		Tracker tracker = byStage.get(event.stageInfo().stageId());
		if (tracker != null) {
			tracker.stageEnded(event.stageInfo().failureReason().isEmpty());
			tracker.stageLog.stageCompleted(event.stageInfo());
		}
	}

	@Override
	public void onTaskStart(SparkListenerTaskStart event) {
		Tracker tracker = byStage.get(event.stageId());
		if (tracker != null) {
			tracker.taskStarted();
		}
	}

	@Override
	public void onTaskEnd(SparkListenerTaskEnd event) {
		Tracker tracker = byStage.get(event.stageId());
		if (tracker != null) {
			boolean succeeded = Success$.MODULE$.equals(event.reason());
			tracker.taskEnded(succeeded, event.taskMetrics());
			tracker.stageLog.taskEnded(event.stageId(), event.stageAttemptId(), succeeded);
		}
	}

	private Tracker trackerOf(Properties properties) {
		String group = SparkJobScope.jobOf(properties);
		return group == null ? null : trackers.get(group);
	}

	/** Figures of one Sparkway job; every method is called under its own lock. */
	private static final class Tracker {

		private int jobs, activeJobs, completedJobs, failedJobs;

		private int stages, activeStages, completedStages, failedStages;

		private int tasks, activeTasks, completedTasks, failedTasks;

		private long inputRecords, inputBytes, outputRecords, outputBytes, shuffleRead, shuffleWrite, runTime;

		private long cpuTimeNs, gcTime, peakMemory, memorySpilled, diskSpilled;

		private double fraction;

		private volatile boolean stopped;

		/** Its stages, under their own lock. */
		final StageLog stageLog = new StageLog();

		synchronized void jobStarted() {
			jobs++;
			activeJobs++;
		}

		synchronized void jobEnded(boolean succeeded) {
			activeJobs--;
			notifyAll();
			if (succeeded) {
				completedJobs++;
			}
			else {
				failedJobs++;
			}
		}

		synchronized void stageSubmitted(int numTasks) {
			stages++;
			activeStages++;
			tasks += numTasks;
		}

		synchronized void stageEnded(boolean succeeded) {
			activeStages--;
			if (succeeded) {
				completedStages++;
			}
			else {
				failedStages++;
			}
		}

		synchronized void taskStarted() {
			activeTasks++;
		}

		synchronized boolean awaitQuiet(long timeoutMs) throws InterruptedException {
			long end = System.currentTimeMillis() + timeoutMs;
			while (activeTasks > 0 || activeJobs > 0) {
				long left = end - System.currentTimeMillis();
				if (left <= 0) {
					return false;
				}
				wait(left);
			}
			return true;
		}

		synchronized void taskEnded(boolean succeeded, TaskMetrics metrics) {
			activeTasks = Math.max(0, activeTasks - 1);
			notifyAll();
			if (succeeded) {
				completedTasks++;
			}
			else {
				failedTasks++;
			}
			if (metrics != null) {
				inputRecords += metrics.inputMetrics().recordsRead();
				inputBytes += metrics.inputMetrics().bytesRead();
				outputRecords += metrics.outputMetrics().recordsWritten();
				outputBytes += metrics.outputMetrics().bytesWritten();
				shuffleRead += metrics.shuffleReadMetrics().totalBytesRead();
				shuffleWrite += metrics.shuffleWriteMetrics().bytesWritten();
				runTime += metrics.executorRunTime();
				cpuTimeNs += metrics.executorCpuTime();
				gcTime += metrics.jvmGCTime();
				peakMemory = Math.max(peakMemory, metrics.peakExecutionMemory());
				memorySpilled += metrics.memoryBytesSpilled();
				diskSpilled += metrics.diskBytesSpilled();
			}
		}

		synchronized void contextLost() {
			failedJobs += activeJobs;
			failedStages += activeStages;
			failedTasks += activeTasks;
			activeJobs = 0;
			activeStages = 0;
			activeTasks = 0;
			notifyAll();
		}

		synchronized JobProgress progress() {
			// Tasks of stages not yet submitted are unknown, so the estimate stays below 1 until the job succeeds.
			double estimate = tasks == 0 ? 0.0 : Math.min(0.99, (double) completedTasks / tasks);
			fraction = Math.max(fraction, estimate);
			return new JobProgress(fraction, new Counts(jobs, activeJobs, completedJobs, failedJobs),
					new Counts(stages, activeStages, completedStages, failedStages),
					new Counts(tasks, activeTasks, completedTasks, failedTasks));
		}

		synchronized JobMetrics metrics() {
			return new JobMetrics(inputRecords, inputBytes, outputRecords, outputBytes, shuffleRead, shuffleWrite,
					runTime, cpuTimeNs / 1_000_000, gcTime, peakMemory, memorySpilled, diskSpilled);
		}

	}

}
