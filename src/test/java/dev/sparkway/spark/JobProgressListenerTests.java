package dev.sparkway.spark;

import java.util.UUID;

import dev.sparkway.support.IntegrationTest;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A cancelled job stays cancelled: a Spark job its pipeline starts after the cancel (say, because the one
 * interrupt was swallowed) is cancelled as soon as it starts.
 */
class JobProgressListenerTests extends IntegrationTest {

	@Autowired
	JobProgressListener listener;

	@Test
	void aSparkJobStartedAfterACancelIsCancelledToo() {
		String jobId = "listener-test-" + UUID.randomUUID();
		SparkContext sc = spark().sparkContext();
		listener.track(jobId);
		try {
			listener.cancel(jobId);
			sc.setJobGroup(jobId, "test", true);

			// One task that would sleep a minute: only a cancel ends it in seconds.
			assertThatThrownBy(() -> spark().range(0, 1, 1, 1)
				.select(expr("reflect('java.lang.Thread', 'sleep', cast(60000 as bigint))"))
				.collectAsList()).hasMessageContaining("cancelled");
		}
		finally {
			sc.clearJobGroup();
			listener.forget(jobId);
		}
	}

	@Test
	void sparkJobsOfOtherGroupsAreLeftAlone() {
		String cancelled = "listener-test-" + UUID.randomUUID();
		listener.track(cancelled);
		try {
			listener.cancel(cancelled);
			spark().sparkContext().setJobGroup("listener-test-other", "test", true);

			assertThat(spark().range(0, 10).count()).isEqualTo(10);
		}
		finally {
			spark().sparkContext().clearJobGroup();
			listener.forget(cancelled);
		}
	}

}
