package dev.sparkway.spark;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.scheduler.StageInfo;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.collection.immutable.Nil$;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a job's stage list makes of Spark's scheduler events, fed by hand in the order Spark sends them: pending
 * stages, skipped ones, a second attempt, a failure, the bound and a lost context. No Spark here.
 */
class StageLogTests {

	private static final long T0 = Instant.parse("2026-12-06T09:00:00Z").toEpochMilli();

	private final StageLog log = new StageLog();

	@Test
	void aStageNeverSubmittedIsPendingWhileItsSparkJobRunsAndSkippedAfter() {
		StageInfo map = stage(0, 0, "parquet at A.java:1", 4);
		StageInfo result = stage(1, 0, "parquet at A.java:2", 2);
		log.sparkJobStarted(7, List.of(map, result));

		assertThat(log.stages()).extracting(SparkStage::stageId, SparkStage::status)
			.containsExactly(tuple(0, SparkStage.Status.PENDING), tuple(1, SparkStage.Status.PENDING));

		submitted(result, T0 + 10);
		log.taskEnded(1, 0, true);
		log.taskEnded(1, 0, false);
		completed(result, T0 + 260, null);
		log.sparkJobEnded(7);

		List<SparkStage> stages = log.stages();
		// Submitted first; the stage that never ran last.
		assertThat(stages.get(0)).isEqualTo(new SparkStage(1, 0, "parquet at A.java:2", SparkStage.Status.COMPLETE,
				2, 1, 1, Instant.ofEpochMilli(T0 + 10), Instant.ofEpochMilli(T0 + 260), 250L));
		assertThat(stages.get(1)).isEqualTo(new SparkStage(0, 0, "parquet at A.java:1", SparkStage.Status.SKIPPED,
				4, 0, 0, null, null, null));
		assertThat(log.firstSparkJob()).isEqualTo(7);
	}

	@Test
	void aRetriedStageIsASecondAttemptAndAStageAnEarlierSparkJobRanKeepsItsStatus() {
		StageInfo first = stage(3, 0, "count at B.java:9", 2);
		log.sparkJobStarted(1, List.of(first));
		submitted(first, T0);
		completed(first, T0 + 100, "FetchFailed");
		StageInfo retry = stage(3, 1, "count at B.java:9", 2);
		submitted(retry, T0 + 200);
		log.taskEnded(3, 1, true);
		log.taskEnded(3, 1, true);
		completed(retry, T0 + 300, null);
		log.sparkJobEnded(1);
		// A later Spark job lists the same stage again (its shuffle output reused): it stays as it was.
		log.sparkJobStarted(2, List.of(stage(3, 1, "count at B.java:9", 2)));
		log.sparkJobEnded(2);

		assertThat(log.stages()).extracting(SparkStage::stageId, SparkStage::attempt, SparkStage::status,
				SparkStage::completedTasks)
			.containsExactly(tuple(3, 0, SparkStage.Status.FAILED, 0), tuple(3, 1, SparkStage.Status.COMPLETE, 2));
		assertThat(log.firstSparkJob()).isEqualTo(1);
	}

	@Test
	void aLostContextFailsWhatRanAndSkipsWhatWaited() {
		StageInfo running = stage(0, 0, "a at C.java:1", 1);
		StageInfo waiting = stage(1, 0, "b at C.java:2", 1);
		log.sparkJobStarted(0, List.of(running, waiting));
		submitted(running, T0);

		log.contextLost();

		assertThat(log.stages()).extracting(SparkStage::stageId, SparkStage::status)
			.containsExactly(tuple(0, SparkStage.Status.FAILED), tuple(1, SparkStage.Status.SKIPPED));
		assertThat(log.stages().get(0).completedAt()).isNotNull();
	}

	@Test
	void keepsTheLatest200StageAttemptsOfAnEndlessRun() {
		// A stream: one Spark job of one stage per micro-batch, 205 of them.
		for (int i = 0; i < 205; i++) {
			StageInfo info = stage(i, 0, "batch" + i, 1);
			log.sparkJobStarted(i, List.of(info));
			submitted(info, T0 + i);
			completed(info, T0 + i + 1, null);
			log.sparkJobEnded(i);
		}

		assertThat(log.stages()).hasSize(200)
			.extracting(SparkStage::stageId)
			.startsWith(5, 6)
			.endsWith(204);
		assertThat(log.stages()).allSatisfy(s -> assertThat(s.status()).isEqualTo(SparkStage.Status.COMPLETE));
		assertThat(log.firstSparkJob()).as("the first Spark job stays known for the Spark UI link").isZero();
	}

	@Test
	void pushesOutNoStageThatStillRunsOrWaits() {
		StageInfo done = stage(0, 0, "done", 1);
		log.sparkJobStarted(0, List.of(done));
		submitted(done, T0);
		completed(done, T0 + 1, null);
		log.sparkJobEnded(0);
		List<StageInfo> many = new ArrayList<>();
		for (int i = 1; i < 205; i++) {
			many.add(stage(i, 0, "s" + i, 1));
		}
		log.sparkJobStarted(1, many);
		for (StageInfo info : many) {
			submitted(info, T0 + info.stageId());
		}

		// The ended stage made room for one; then all 200 kept are active, and the last 4 are not kept.
		assertThat(log.stages()).hasSize(200)
			.extracting(SparkStage::stageId)
			.startsWith(1, 2)
			.endsWith(200);
		assertThat(log.stages()).allSatisfy(s -> assertThat(s.status()).isEqualTo(SparkStage.Status.ACTIVE));
	}

	private void submitted(StageInfo info, long at) {
		info.submissionTime_$eq(Option.apply(at));
		log.stageSubmitted(info);
	}

	private void completed(StageInfo info, long at, String failure) {
		info.completionTime_$eq(Option.apply(at));
		info.failureReason_$eq(Option.apply(failure));
		log.stageCompleted(info);
	}

	@SuppressWarnings("unchecked")
	private static StageInfo stage(int id, int attempt, String name, int tasks) {
		return new StageInfo(id, attempt, name, tasks, (scala.collection.Seq) Nil$.MODULE$,
				(scala.collection.Seq) Nil$.MODULE$, name, null, (scala.collection.Seq) Nil$.MODULE$, Option.empty(), 0,
				false, 0);
	}

	private static org.assertj.core.groups.Tuple tuple(Object... values) {
		return org.assertj.core.groups.Tuple.tuple(values);
	}

}
