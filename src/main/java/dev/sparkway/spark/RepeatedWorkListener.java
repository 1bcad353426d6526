package dev.sparkway.spark;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Remembers the job groups in which Spark ran some work again: a stage attempted a second time, a task that did not
 * succeed (its executor lost, a fetch failure, a map output resubmitted), or a speculative copy. Spark 3.5 adds up
 * observed metrics ({@code Dataset.observe}) from every successful task attempt, so in such a group they may count
 * rows twice; {@code Observations} asks here before it trusts them.
 * <p>
 * One listener per JVM, added to every SparkContext the server builds, on Spark's shared listener queue: the queue
 * that also fulfils observations, so by the time an observation arrives this listener has seen every task event
 * before it.
 */
public final class RepeatedWorkListener extends SparkListener {

	public static final RepeatedWorkListener INSTANCE = new RepeatedWorkListener();

	/** Groups are only ever added when something ran again: few, and bounded anyway. */
	private static final int REMEMBERED_GROUPS = 10_000;

	private final Map<Integer, String> groupOfStage = new ConcurrentHashMap<>();

	private final Set<String> repeated = Collections.synchronizedSet(Collections.newSetFromMap(
			new LinkedHashMap<>(16, 0.75f, false) {
				@Override
				protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
					return size() > REMEMBERED_GROUPS;
				}
			}));

	private RepeatedWorkListener() {
	}

	/** Whether any Spark work of the job group ran again (or may have), as far as the events seen so far tell. */
	public boolean ranAgain(String jobGroup) {
		return jobGroup != null && repeated.contains(jobGroup);
	}

	@Override
	public void onStageSubmitted(SparkListenerStageSubmitted event) {
		String group = groupOf(event.properties());
		if (group == null) {
			return;
		}
		groupOfStage.put(event.stageInfo().stageId(), group);
		if (event.stageInfo().attemptNumber() > 0) {
			repeated.add(group);
		}
	}

	@Override
	public void onTaskEnd(SparkListenerTaskEnd event) {
		String group = groupOfStage.get(event.stageId());
		if (group != null && (!Success$.MODULE$.equals(event.reason()) || event.taskInfo().speculative())) {
			repeated.add(group);
		}
	}

	@Override
	public void onStageCompleted(SparkListenerStageCompleted event) {
		// Tasks ending after their stage are killed ones, whose metrics Spark never adds.
		groupOfStage.remove(event.stageInfo().stageId());
	}

	private static String groupOf(Properties properties) {
		return SparkJobScope.jobOf(properties);
	}

}
