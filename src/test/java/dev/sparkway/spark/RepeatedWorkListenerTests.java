package dev.sparkway.spark;

import java.util.ArrayList;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.Resubmitted$;
import org.apache.spark.Success$;
import org.apache.spark.TaskEndReason;
import org.apache.spark.executor.ExecutorMetrics;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.scheduler.TaskLocality;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which scheduler events mark a job group as having run work again, fed as Spark's listener bus would. That it
 * keeps a killed executor from inflating a job's counts is {@code StandaloneClusterIT}'s part.
 */
class RepeatedWorkListenerTests {

	final RepeatedWorkListener listener = RepeatedWorkListener.INSTANCE;

	/** Stage ids are unique per SparkContext; these stay clear of those of the suite's real one. */
	static final AtomicInteger STAGES = new AtomicInteger(1_000_000_000);

	@Test
	void successfulTasksOfFirstAttemptsAreNotRepeatedWork() {
		String group = newGroup();
		int stage = submit(group, 0);

		end(stage, Success$.MODULE$, false);
		end(stage, Success$.MODULE$, false);
		complete(stage);

		assertThat(listener.ranAgain(group)).isFalse();
	}

	@Test
	void aTaskLostWithItsExecutorMarksItsGroupOnly() {
		String group = newGroup();
		String other = newGroup();
		int stage = submit(group, 0);
		int otherStage = submit(other, 0);

		end(stage, new ExecutorLostFailure("1", true, Option.apply("Command exited with code 137")), false);
		end(otherStage, Success$.MODULE$, false);

		assertThat(listener.ranAgain(group)).isTrue();
		assertThat(listener.ranAgain(other)).isFalse();
	}

	@Test
	void aResubmittedMapOutputIsRepeatedWork() {
		String group = newGroup();
		int stage = submit(group, 0);

		end(stage, Resubmitted$.MODULE$, false);

		assertThat(listener.ranAgain(group)).isTrue();
	}

	@Test
	void aSecondStageAttemptIsRepeatedWork() {
		String group = newGroup();
		int stage = submit(group, 0);
		complete(stage);

		submitAttempt(stage, group, 1);

		assertThat(listener.ranAgain(group)).isTrue();
	}

	@Test
	void aSpeculativeCopyIsRepeatedWork() {
		String group = newGroup();
		int stage = submit(group, 0);

		end(stage, Success$.MODULE$, true);

		assertThat(listener.ranAgain(group)).isTrue();
	}

	@Test
	void tasksEndingAfterTheirStageAndWorkOutsideAnyGroupMarkNothing() {
		String group = newGroup();
		int stage = submit(group, 0);
		complete(stage);
		// A task killed on cancel reports after its stage; Spark never adds its metrics.
		end(stage, new ExecutorLostFailure("1", false, Option.empty()), false);
		int ungrouped = submit(null, 0);
		end(ungrouped, Resubmitted$.MODULE$, false);

		assertThat(listener.ranAgain(group)).isFalse();
		assertThat(listener.ranAgain(null)).isFalse();
	}

	private static String newGroup() {
		return UUID.randomUUID().toString();
	}

	private int submit(String group, int attempt) {
		int stage = STAGES.incrementAndGet();
		submitAttempt(stage, group, attempt);
		return stage;
	}

	private void submitAttempt(int stage, String group, int attempt) {
		Properties properties = new Properties();
		if (group != null) {
			properties.setProperty(SparkJobScope.JOB_GROUP, group);
		}
		listener.onStageSubmitted(new SparkListenerStageSubmitted(stageInfo(stage, attempt), properties));
	}

	private void complete(int stage) {
		listener.onStageCompleted(new SparkListenerStageCompleted(stageInfo(stage, 0)));
	}

	private void end(int stage, TaskEndReason reason, boolean speculative) {
		TaskInfo task = new TaskInfo(1L, 0, 0, 0, 0L, "1", "127.0.0.1", TaskLocality.PROCESS_LOCAL(), speculative);
		listener.onTaskEnd(new SparkListenerTaskEnd(stage, 0, "ShuffleMapTask", reason, task, new ExecutorMetrics(),
				null));
	}

	private static StageInfo stageInfo(int stage, int attempt) {
		return new StageInfo(stage, attempt, "stage " + stage, 2, none(), none(), "", null, none(), Option.empty(), 0,
				false, 0);
	}

	private static <T> Seq<T> none() {
		return JavaConverters.asScalaBuffer(new ArrayList<T>());
	}

}
