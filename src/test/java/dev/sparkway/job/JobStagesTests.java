package dev.sparkway.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.spark.SparkJobScope;
import dev.sparkway.support.IntegrationTest;
import dev.sparkway.support.Poll;
import dev.sparkway.support.SlowTestPipeline;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/jobs/{id}/stages}: the Spark stages a job ran, live and once it ended, over HTTP; links into
 * the Spark UI at the address Spark reports (no {@code sparkway.spark.ui-public-url} in the suite;
 * {@code dev.sparkway.ReadyLineTests} runs a server with one).
 */
class JobStagesTests extends IntegrationTest {

	private static final String SALES = """
			TransactionID,Timestamp,StoreID,ProductID,UserID,Quantity,UnitPrice
			T1,2024-01-01 10:00:00,1,P,U1,1,1.0
			T2,2024-01-02 10:00:00,1,P,U2,2,1.0
			T3,2024-02-02 11:00:00,2,P,U1,3,2.0
			""";

	@Autowired
	JobStore store;

	@Test
	void aRetailSalesJobsStagesEndCompleteWithEveryTaskDoneAndNamedByTheirCode() {
		String sales = writeInput("stages/retail.csv", SALES);
		JsonNode job = runToSuccess("retail-sales", Map.of("salesPath", sales));
		String id = job.get("id").asText();

		JsonNode reply = get("/api/v1/jobs/" + id + "/stages").expect(200).body();

		assertThat(reply.get("jobId").asText()).isEqualTo(id);
		List<JsonNode> stages = list(reply.get("stages"));
		List<JsonNode> complete = stages.stream().filter(s -> s.get("status").asText().equals("COMPLETE")).toList();
		// Two outputs, each written by at least one stage.
		assertThat(complete).hasSizeGreaterThanOrEqualTo(2);
		assertThat(stages).allSatisfy(s -> assertThat(s.get("status").asText()).isIn("COMPLETE", "SKIPPED"));
		String ui = spark().sparkContext().uiWebUrl().get();
		for (JsonNode stage : complete) {
			assertThat(stage.get("numTasks").asInt()).isPositive();
			assertThat(stage.get("completedTasks").asInt()).isEqualTo(stage.get("numTasks").asInt());
			assertThat(stage.get("failedTasks").asInt()).isZero();
			// Spark's call site: the action and the line of code, not Sparkway's job tag.
			assertThat(stage.get("name").asText()).matches(".+ at .+\\.(java|scala):\\d+")
				.doesNotContain("sparkway-job");
			Instant submitted = Instant.parse(stage.get("submittedAt").asText());
			Instant completed = Instant.parse(stage.get("completedAt").asText());
			assertThat(stage.get("durationMs").asLong()).isEqualTo(completed.toEpochMilli() - submitted.toEpochMilli());
			assertThat(stage.get("sparkUi").asText()).isEqualTo(ui + "/stages/stage/?id=" + stage.get("stageId").asInt()
					+ "&attempt=" + stage.get("attempt").asInt());
		}
		List<Instant> submissions = complete.stream().map(s -> Instant.parse(s.get("submittedAt").asText())).toList();
		assertThat(submissions).isSorted();
		assertThat(stages).extracting(s -> s.get("stageId").asInt() + "/" + s.get("attempt").asInt())
			.doesNotHaveDuplicates();
		// The job leads to the page of its first Spark job, which ran its first stage.
		assertThat(job.at("/links/sparkUi").asText()).matches(java.util.regex.Pattern.quote(ui) + "/jobs/job/\\?id=\\d+");
	}

	@Test
	void aRunningJobShowsItsActiveStageLiveAndKeepsItOnceEnded() {
		String id = submit(SlowTestPipeline.NAME, Map.of("tasks", 2, "taskMillis", 3000));
		JsonNode[] active = new JsonNode[1];

		Poll.until(Duration.ofMinutes(2), "an active stage of job " + id, () -> {
			for (JsonNode stage : get("/api/v1/jobs/" + id + "/stages").expect(200).body().get("stages")) {
				if (stage.get("status").asText().equals("ACTIVE")) {
					active[0] = stage;
					return true;
				}
			}
			return false;
		});
		assertThat(active[0].get("completedAt").isNull()).isTrue();
		assertThat(active[0].get("durationMs").asLong()).isNotNegative();
		assertThat(get("/api/v1/jobs/" + id).expect(200).body().at("/links/sparkUi").asText()).endsWith("/jobs/");

		JsonNode job = awaitStatus(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED", "CANCELLED");
		assertThat(job.get("status").asText()).isEqualTo("SUCCEEDED");
		List<JsonNode> ended = list(get("/api/v1/jobs/" + id + "/stages").expect(200).body().get("stages"));
		int stageId = active[0].get("stageId").asInt();
		assertThat(ended).filteredOn(s -> s.get("stageId").asInt() == stageId)
			.singleElement()
			.satisfies(s -> {
				assertThat(s.get("status").asText()).isEqualTo("COMPLETE");
				assertThat(s.get("completedAt").isNull()).isFalse();
			});
	}

	@Test
	void twoJobsSideBySideEachSeeOnlyTheirOwnStages() throws Exception {
		// Spark's own record of which job group submitted which stage attempt, to compare against.
		Map<String, Set<String>> submittedByGroup = new ConcurrentHashMap<>();
		SparkListener recorder = new SparkListener() {
			@Override
			public void onStageSubmitted(SparkListenerStageSubmitted event) {
				String group = SparkJobScope.jobOf(event.properties());
				if (group != null) {
					submittedByGroup.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet())
						.add(event.stageInfo().stageId() + "/" + event.stageInfo().attemptNumber());
				}
			}
		};
		SparkContext context = spark().sparkContext();
		context.addSparkListener(recorder);
		try {
			String first = submit(SlowTestPipeline.NAME, Map.of("tasks", 2, "taskMillis", 3000));
			String second = submit(SlowTestPipeline.NAME, Map.of("tasks", 2, "taskMillis", 3000));
			Poll.until(Duration.ofMinutes(2), "both jobs running at once",
					() -> status(first).equals("RUNNING") && status(second).equals("RUNNING"));
			awaitStatus(first, Duration.ofMinutes(2), "SUCCEEDED");
			awaitStatus(second, Duration.ofMinutes(2), "SUCCEEDED");
			context.listenerBus().waitUntilEmpty(10_000);

			Set<String> firstRan = ran(first);
			Set<String> secondRan = ran(second);
			assertThat(firstRan).isNotEmpty().isEqualTo(submittedByGroup.get(first));
			assertThat(secondRan).isNotEmpty().isEqualTo(submittedByGroup.get(second));
			assertThat(firstRan).doesNotContainAnyElementsOf(secondRan);
		}
		finally {
			context.removeSparkListener(recorder);
		}
	}

	@Test
	void aQueuedJobHasNoStagesYet() {
		Job queued = Job.queued(UUID.randomUUID().toString(), "retail-sales", Map.of(), 60, "stages-test", null);
		store.insert(queued);
		try {
			JsonNode reply = get("/api/v1/jobs/" + queued.id() + "/stages").expect(200).body();

			assertThat(reply.get("jobId").asText()).isEqualTo(queued.id());
			assertThat(reply.get("stages")).isEmpty();
		}
		finally {
			store.end(queued.id(), JobStatus.QUEUED, JobEnding.of(JobStatus.CANCELLED, JobStore.now(), null));
		}
	}

	@Test
	void stagesOfAnUnknownJobAre404() {
		Reply reply = get("/api/v1/jobs/no-such-job/stages");

		assertThat(reply.status()).isEqualTo(404);
		assertThat(reply.contentType()).isEqualTo("application/problem+json");
		assertThat(reply.text()).contains("no-such-job");
	}

	/** The stage attempts a job ran (submitted to Spark), as the endpoint lists them. */
	private Set<String> ran(String id) {
		Set<String> ran = new HashSet<>();
		for (JsonNode stage : get("/api/v1/jobs/" + id + "/stages").expect(200).body().get("stages")) {
			if (!Set.of("PENDING", "SKIPPED").contains(stage.get("status").asText())) {
				ran.add(stage.get("stageId").asInt() + "/" + stage.get("attempt").asInt());
			}
		}
		return ran;
	}

	private String status(String id) {
		return get("/api/v1/jobs/" + id).expect(200).body().get("status").asText();
	}

	private static List<JsonNode> list(JsonNode array) {
		List<JsonNode> list = new ArrayList<>();
		array.forEach(list::add);
		return list;
	}

}
