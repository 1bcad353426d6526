package dev.sparkway.spark;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.scheduler.StageInfo;
import scala.Option;

/**
 * The stages of one Sparkway job, from Spark's scheduler events: pending when their Spark job starts, active when
 * submitted, then complete, failed or skipped. Thread-safe.
 * <p>
 * Keeps the latest {@value #MAX_STAGES} stage attempts: a stream runs a few stages per micro-batch without end, and
 * the list must stay a list. The latest rather than the first, because what a running stream (or a long K-Means
 * fit) does now is what its page shows (the dashboard opens on the latest 12) and what an operator asks about; its
 * first micro-batches are long over. To make room a new stage pushes out the earliest seen of those that ended
 * (complete, failed or skipped); while all that are kept still run or wait, a new one is not kept.
 */
final class StageLog {

	static final int MAX_STAGES = SparkStage.MAX_PER_JOB;

	private final Map<Long, Entry> entries = new LinkedHashMap<>();

	/** Per running Spark job of this Sparkway job, the stages it may run. */
	private final Map<Integer, List<Integer>> stagesOfSparkJob = new HashMap<>();

	private int submissions;

	private Integer firstSparkJob;

	synchronized void sparkJobStarted(int sparkJobId, Iterable<StageInfo> stages) {
		if (firstSparkJob == null) {
			firstSparkJob = sparkJobId;
		}
		List<Integer> ids = new ArrayList<>();
		for (StageInfo info : stages) {
			ids.add(info.stageId());
			// A stage an earlier Spark job already ran appears again here; it keeps what it was.
			if (latest(info.stageId()) == null) {
				add(info);
			}
		}
		stagesOfSparkJob.put(sparkJobId, ids);
	}

	synchronized void sparkJobEnded(int sparkJobId) {
		List<Integer> ids = stagesOfSparkJob.remove(sparkJobId);
		if (ids != null) {
			for (int id : ids) {
				Entry entry = latest(id);
				if (entry != null && entry.status == SparkStage.Status.PENDING) {
					entry.status = SparkStage.Status.SKIPPED;
				}
			}
		}
	}

	synchronized void stageSubmitted(StageInfo info) {
		Entry entry = entries.get(key(info.stageId(), info.attemptNumber()));
		if (entry == null) {
			Entry pending = latest(info.stageId());
			if (pending != null && pending.status == SparkStage.Status.PENDING) {
				// The pending entry was Spark's latest attempt at job start; it runs now as this attempt.
				entries.remove(key(pending.stageId, pending.attempt));
				pending.attempt = info.attemptNumber();
				entries.put(key(pending.stageId, pending.attempt), pending);
				entry = pending;
			}
			else {
				entry = add(info);
			}
		}
		if (entry == null) {
			return; // over the bound
		}
		entry.status = SparkStage.Status.ACTIVE;
		entry.name = info.name();
		entry.numTasks = info.numTasks();
		entry.submittedAt = instant(info.submissionTime(), System.currentTimeMillis());
		entry.submission = ++submissions;
	}

	synchronized void stageCompleted(StageInfo info) {
		Entry entry = entries.get(key(info.stageId(), info.attemptNumber()));
		if (entry != null) {
			entry.status = info.failureReason().isEmpty() ? SparkStage.Status.COMPLETE : SparkStage.Status.FAILED;
			entry.completedAt = instant(info.completionTime(), System.currentTimeMillis());
			if (entry.submittedAt == null) {
				entry.submittedAt = instant(info.submissionTime(), entry.completedAt.toEpochMilli());
			}
		}
	}

	synchronized void taskEnded(int stageId, int attempt, boolean succeeded) {
		Entry entry = entries.get(key(stageId, attempt));
		if (entry != null) {
			if (succeeded) {
				entry.completedTasks++;
			}
			else {
				entry.failedTasks++;
			}
		}
	}

	/** The context stopped: what was running failed, what was waiting never ran. */
	synchronized void contextLost() {
		Instant now = Instant.now();
		for (Entry entry : entries.values()) {
			if (entry.status == SparkStage.Status.ACTIVE) {
				entry.status = SparkStage.Status.FAILED;
				entry.completedAt = now;
			}
			else if (entry.status == SparkStage.Status.PENDING) {
				entry.status = SparkStage.Status.SKIPPED;
			}
		}
		stagesOfSparkJob.clear();
	}

	synchronized Integer firstSparkJob() {
		return firstSparkJob;
	}

	/** The stages in the order Spark submitted them; those never submitted (pending, skipped) last, by stage id. */
	synchronized List<SparkStage> stages() {
		Instant now = Instant.now();
		return entries.values()
			.stream()
			.sorted(Comparator.comparingInt((Entry e) -> e.submission == 0 ? Integer.MAX_VALUE : e.submission)
				.thenComparingInt(e -> e.stageId)
				.thenComparingInt(e -> e.attempt))
			.map(e -> e.snapshot(now))
			.toList();
	}

	private Entry add(StageInfo info) {
		if (entries.size() >= MAX_STAGES && !evictEarliestEnded()) {
			return null;
		}
		Entry entry = new Entry(info.stageId(), info.attemptNumber(), info.name(), info.numTasks());
		entries.put(key(entry.stageId, entry.attempt), entry);
		return entry;
	}

	/** Forgets the earliest seen stage attempt that ended; false when none has. */
	private boolean evictEarliestEnded() {
		Iterator<Entry> it = entries.values().iterator();
		while (it.hasNext()) {
			SparkStage.Status status = it.next().status;
			if (status != SparkStage.Status.ACTIVE && status != SparkStage.Status.PENDING) {
				it.remove();
				return true;
			}
		}
		return false;
	}

	/** The latest attempt of a stage kept here. */
	private Entry latest(int stageId) {
		Entry latest = null;
		for (Entry entry : entries.values()) {
			if (entry.stageId == stageId && (latest == null || entry.attempt > latest.attempt)) {
				latest = entry;
			}
		}
		return latest;
	}

	private static long key(int stageId, int attempt) {
		return ((long) stageId << 32) | attempt;
	}

	private static Instant instant(Option<Object> millis, long otherwise) {
		return Instant.ofEpochMilli(millis.isDefined() ? (Long) millis.get() : otherwise);
	}

	private static final class Entry {

		final int stageId;

		int attempt;

		String name;

		int numTasks, completedTasks, failedTasks;

		SparkStage.Status status = SparkStage.Status.PENDING;

		Instant submittedAt, completedAt;

		/** 1-based order of submission; 0 while never submitted. */
		int submission;

		Entry(int stageId, int attempt, String name, int numTasks) {
			this.stageId = stageId;
			this.attempt = attempt;
			this.name = name;
			this.numTasks = numTasks;
		}

		SparkStage snapshot(Instant now) {
			Long duration = submittedAt == null ? null
					: (completedAt == null ? now : completedAt).toEpochMilli() - submittedAt.toEpochMilli();
			return new SparkStage(stageId, attempt, name, status, numTasks, completedTasks, failedTasks, submittedAt,
					completedAt, duration == null ? null : Math.max(0, duration));
		}

	}

}
