package dev.sparkway.job;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.sparkway.support.IntegrationTest;
import dev.sparkway.support.SlowTestPipeline;

import static org.assertj.core.api.Assertions.assertThat;

/** What each job cost, from its own tasks only, while two jobs run side by side on the one session. */
class JobCostTests extends IntegrationTest {

	// The slow job: 4 tasks sleeping 3000 ms each in 100 ms steps: 2 waves on local[2], 120 rows behind the shuffle.
	private static final int SLOW_TASKS = 4;

	private static final int SLOW_TASK_MILLIS = 3000;

	@Test
	void jobsRunningSideBySideReportTheirOwnCost() {
		String slow = submit(SlowTestPipeline.NAME, Map.of("tasks", SLOW_TASKS, "taskMillis", SLOW_TASK_MILLIS));
		awaitStatus(slow, Duration.ofSeconds(60), "RUNNING");
		String fast = submit(SlowTestPipeline.NAME, Map.of("tasks", 1, "taskMillis", 0));

		JsonNode fastJob = awaitStatus(fast, Duration.ofSeconds(60), "SUCCEEDED", "FAILED", "CANCELLED");
		assertThat(get("/api/v1/jobs/" + slow).expect(200).body().get("status").asText())
			.as("the slow job still runs when the fast one ends, so they ran side by side")
			.isEqualTo("RUNNING");
		JsonNode slowJob = awaitStatus(slow, Duration.ofSeconds(120), "SUCCEEDED", "FAILED", "CANCELLED");
		assertThat(fastJob.get("status").asText()).isEqualTo("SUCCEEDED");
		assertThat(slowJob.get("status").asText()).isEqualTo("SUCCEEDED");

		JsonNode slowCost = slowJob.get("metrics");
		JsonNode fastCost = fastJob.get("metrics");
		// Rows written by hand: 3 in "first" plus tasks x steps in "slept" (1 step for a 0 ms task).
		assertThat(slowCost.get("outputRecords").asLong()).isEqualTo(3 + SLOW_TASKS * (SLOW_TASK_MILLIS / 100));
		assertThat(fastCost.get("outputRecords").asLong()).isEqualTo(3 + 1);
		// The slow job's own sleeps are in its run time; none of them may show in the fast job's.
		long slept = (long) SLOW_TASKS * SLOW_TASK_MILLIS;
		assertThat(slowCost.get("executorRunTimeMs").asLong()).isGreaterThanOrEqualTo(slept);
		assertThat(fastCost.get("executorRunTimeMs").asLong()).isLessThan(SLOW_TASK_MILLIS);
		for (JsonNode cost : new JsonNode[] { slowCost, fastCost }) {
			long cpu = cost.get("executorCpuTimeMs").asLong();
			assertThat(cpu).as("CPU time of %s", cost).isPositive();
			assertThat(cpu).as("CPU time within its own run time, %s", cost)
				.isLessThanOrEqualTo(cost.get("executorRunTimeMs").asLong());
			assertThat(cost.get("jvmGcTimeMs").asLong()).isGreaterThanOrEqualTo(0);
			assertThat(cost.get("peakExecutionMemoryBytes").asLong()).isGreaterThanOrEqualTo(0);
			assertThat(cost.get("memoryBytesSpilled").asLong()).isZero();
			assertThat(cost.get("diskBytesSpilled").asLong()).isZero();
		}
		// Sleeping costs next to no CPU: the slow job's CPU is a small part of its run time.
		assertThat(slowCost.get("executorCpuTimeMs").asLong()).isLessThan(slept / 2);
	}

}
