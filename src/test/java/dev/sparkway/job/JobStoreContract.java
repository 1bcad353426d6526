package dev.sparkway.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.sparkway.pipeline.PipelineOutput;
import dev.sparkway.spark.Counts;
import dev.sparkway.spark.JobMetrics;
import dev.sparkway.spark.JobProgress;
import dev.sparkway.spark.JobProgressListener;
import dev.sparkway.spark.SparkStage;
import dev.sparkway.spark.StreamingStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link JobStore} promises, whatever the database: subclasses choose one through {@code spring.datasource.*}
 * alone. Only the store, Boot's DataSource, the Flyway migrations and transactions run here; no Spark.
 */
@SpringBootTest(classes = JobStoreContract.JobStoreOnly.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = "spring.datasource.hikari.maximum-pool-size=16")
abstract class JobStoreContract {

	private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

	private static final int RACERS = 12;

	@Autowired
	JobStore store;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JobStages stages;

	@Autowired
	TransactionTemplate transactions;

	@BeforeEach
	void emptyStore() {
		jdbc.sql("DELETE FROM idempotency_key").update();
		jdbc.sql("DELETE FROM job").update();
	}

	@Test
	void aJobReadsBackAsItWasWritten() {
		Job written = new Job("job-1", "retail-sales",
				Map.of("salesPath", "uploads/a.csv", "badRecords", "drop", "nested", Map.of("list", List.of(1, 2))),
				JobStatus.QUEUED, T0, null, null, 600, null, null, null, null, null, "dashboard", "job-0");
		store.insert(written);

		assertThat(store.find("job-1")).contains(written);
		assertThat(store.find("job-2")).isEmpty();
	}

	@Test
	void pagesAreNewestFirstFilteredAndCounted() {
		store.insert(job("job-a", "alpha", T0.plusSeconds(60)));
		store.insert(job("job-b", "alpha", T0.plusSeconds(120)));
		store.insert(job("job-c", "beta", T0.plusSeconds(180)));
		// Same instant: the id breaks the tie, descending.
		store.insert(job("job-d", "alpha", T0.plusSeconds(240)));
		store.insert(job("job-e", "alpha", T0.plusSeconds(240)));
		store.start("job-b", T0.plusSeconds(300));

		assertThat(ids(store.page(null, null, 0, 2))).containsExactly("job-e", "job-d");
		assertThat(ids(store.page(null, null, 1, 2))).containsExactly("job-c", "job-b");
		assertThat(ids(store.page(null, null, 2, 2))).containsExactly("job-a");
		assertThat(store.page(null, null, 3, 2)).isEmpty();
		assertThat(store.count(null, null)).isEqualTo(5);
		assertThat(ids(store.page(null, "alpha", 0, 10))).containsExactly("job-e", "job-d", "job-b", "job-a");
		assertThat(store.count(null, "alpha")).isEqualTo(4);
		assertThat(ids(store.page(JobStatus.RUNNING, null, 0, 10))).containsExactly("job-b");
		assertThat(ids(store.page(JobStatus.QUEUED, "alpha", 0, 10))).containsExactly("job-e", "job-d", "job-a");
		assertThat(store.count(JobStatus.QUEUED, "alpha")).isEqualTo(3);
		assertThat(store.count(JobStatus.QUEUED, "beta")).isEqualTo(1);
		assertThat(store.count(JobStatus.SUCCEEDED, null)).isZero();
	}

	@Test
	void aStatusNeverGoesBackwards() {
		store.insert(job("job-1", "alpha", T0));
		Instant started = T0.plusSeconds(1);
		Instant finished = T0.plusSeconds(5);
		List<PipelineOutput> outputs = List.of(new PipelineOutput("daily_sales", "file:///out/job-1/daily_sales/",
				"parquet", 7L, List.of(new PipelineOutput.Field("StoreID", "string"))));
		Map<String, Object> summary = Map.of("inputRows", 10, "rejectedRows", 3);
		JobProgress progress = new JobProgress(1.0, new Counts(2, 0, 2, 0), new Counts(3, 0, 3, 0),
				new Counts(8, 0, 8, 0));
		JobMetrics metrics = new JobMetrics(10, 500, 7, 300, 40, 40, 900, 850, 12, 4096, 2048, 1024);

		assertThat(store.start("job-1", started)).isTrue();
		assertThat(store.start("job-1", T0.plusSeconds(2))).as("a second start").isFalse();
		assertThat(store.end("job-1", JobStatus.QUEUED,
				JobEnding.of(JobStatus.CANCELLED, T0.plusSeconds(3), null)))
			.as("a cancel that still thinks it is queued")
			.isFalse();
		assertThat(store.end("job-1", JobStatus.RUNNING,
				JobEnding.of(JobStatus.SUCCEEDED, finished, null)
					.withOutputs(outputs, summary)
					.withFigures(progress, metrics))).isTrue();
		assertThat(store.end("job-1", JobStatus.RUNNING,
				JobEnding.of(JobStatus.FAILED, T0.plusSeconds(6),
						new JobError(JobErrorType.TIMEOUT, "late")))).as("a late timeout").isFalse();
		assertThat(store.start("job-1", T0.plusSeconds(7))).isFalse();
		assertThatThrownBy(() -> store.end("job-1", JobStatus.QUEUED,
				JobEnding.of(JobStatus.SUCCEEDED, T0, null))).isInstanceOf(IllegalArgumentException.class);

		Job stored = store.find("job-1").orElseThrow();
		assertThat(stored.status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(stored.startedAt()).isEqualTo(started);
		assertThat(stored.finishedAt()).isEqualTo(finished);
		assertThat(stored.error()).isNull();
		assertThat(stored.outputs()).isEqualTo(outputs);
		assertThat(stored.summary()).isEqualTo(summary);
		assertThat(stored.progress()).isEqualTo(progress);
		assertThat(stored.metrics()).isEqualTo(metrics);
	}

	@Test
	void aJobThatFailedBeforeItRanKeepsItsError() {
		store.insert(job("job-1", "alpha", T0));

		assertThat(store.end("job-1", JobStatus.QUEUED,
				JobEnding.of(JobStatus.FAILED, T0.plusSeconds(1),
						new JobError(JobErrorType.INPUT_ERROR, "File 'x.csv' is gone")))).isTrue();

		Job stored = store.find("job-1").orElseThrow();
		assertThat(stored.status()).isEqualTo(JobStatus.FAILED);
		assertThat(stored.error()).isEqualTo(new JobError(JobErrorType.INPUT_ERROR, "File 'x.csv' is gone"));
		assertThat(stored.startedAt()).isNull();
		assertThat(stored.finishedAt()).isEqualTo(T0.plusSeconds(1));
	}

	@Test
	void racingEndsOfOneRunningJobHaveExactlyOneWinner() throws Exception {
		JobStatus[] outcomes = { JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED };
		for (int round = 0; round < 5; round++) {
			String id = "race-" + round;
			store.insert(job(id, "alpha", T0));
			store.start(id, T0.plusSeconds(1));
			List<Callable<Boolean>> racers = new ArrayList<>();
			for (int i = 0; i < RACERS; i++) {
				int racer = i;
				JobStatus to = outcomes[racer % 3];
				JobError error = to == JobStatus.SUCCEEDED ? null
						: new JobError(to == JobStatus.FAILED ? JobErrorType.PIPELINE_ERROR : JobErrorType.CANCELLED,
								"racer " + racer);
				racers.add(() -> store.end(id, JobStatus.RUNNING,
						JobEnding.of(to, T0.plusSeconds(10 + racer), error).withOutputs(null, Map.of("racer", racer))));
			}

			List<Integer> winners = winners(race(racers));

			assertThat(winners).as("round %d", round).hasSize(1);
			int winner = winners.get(0);
			Job stored = store.find(id).orElseThrow();
			assertThat(stored.status()).isEqualTo(outcomes[winner % 3]);
			assertThat(stored.summary()).isEqualTo(Map.of("racer", winner));
			assertThat(stored.finishedAt()).isEqualTo(T0.plusSeconds(10 + winner));
			assertThat(stored.error() == null ? null : stored.error().message())
				.isEqualTo(outcomes[winner % 3] == JobStatus.SUCCEEDED ? null : "racer " + winner);
		}
	}

	@Test
	void aStartRacingCancelsOfAQueuedJobHasExactlyOneWinner() throws Exception {
		for (int round = 0; round < 5; round++) {
			String id = "race-" + round;
			store.insert(job(id, "alpha", T0));
			List<Callable<Boolean>> racers = new ArrayList<>();
			for (int i = 0; i < RACERS; i++) {
				Instant at = T0.plusSeconds(10 + i);
				// Even racers are runners starting the job, odd ones cancel requests.
				racers.add(i % 2 == 0 ? () -> store.start(id, at)
						: () -> store.end(id, JobStatus.QUEUED,
								JobEnding.of(JobStatus.CANCELLED, at,
										new JobError(JobErrorType.CANCELLED, "cancelled"))));
			}

			List<Integer> winners = winners(race(racers));

			assertThat(winners).as("round %d", round).hasSize(1);
			int winner = winners.get(0);
			Job stored = store.find(id).orElseThrow();
			if (winner % 2 == 0) {
				assertThat(stored.status()).isEqualTo(JobStatus.RUNNING);
				assertThat(stored.startedAt()).isEqualTo(T0.plusSeconds(10 + winner));
				assertThat(stored.finishedAt()).isNull();
			}
			else {
				assertThat(stored.status()).isEqualTo(JobStatus.CANCELLED);
				assertThat(stored.startedAt()).isNull();
				assertThat(stored.finishedAt()).isEqualTo(T0.plusSeconds(10 + winner));
			}
		}
	}

	@Test
	void restartRecoveryInterruptsQueuedAndRunningJobsOnly() {
		store.insert(job("job-running", "alpha", T0));
		store.start("job-running", T0.plusSeconds(30));
		store.insert(job("job-queued", "alpha", T0.plusSeconds(60)));
		store.insert(job("job-ended", "alpha", T0.plusSeconds(90)));
		store.end("job-ended", JobStatus.QUEUED,
				JobEnding.of(JobStatus.CANCELLED, T0.plusSeconds(100),
						new JobError(JobErrorType.CANCELLED, "by a user")));
		Instant restart = T0.plusSeconds(3600);

		assertThat(store.interruptUnfinished(restart)).extracting(Job::id).containsExactly("job-running", "job-queued");

		Job running = store.find("job-running").orElseThrow();
		assertThat(running.status()).isEqualTo(JobStatus.FAILED);
		assertThat(running.error()).isEqualTo(new JobError(JobErrorType.INTERRUPTED,
				"The server stopped while the job was running; submit it again."));
		assertThat(running.startedAt()).isEqualTo(T0.plusSeconds(30));
		assertThat(running.finishedAt()).isEqualTo(restart);
		Job queued = store.find("job-queued").orElseThrow();
		assertThat(queued.status()).isEqualTo(JobStatus.FAILED);
		assertThat(queued.error()).isEqualTo(new JobError(JobErrorType.INTERRUPTED,
				"The server stopped while the job was queued; submit it again."));
		Job ended = store.find("job-ended").orElseThrow();
		assertThat(ended.status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(ended.finishedAt()).isEqualTo(T0.plusSeconds(100));
		assertThat(ended.error().message()).isEqualTo("by a user");
		assertThat(store.interruptUnfinished(restart.plusSeconds(1))).isEmpty();
	}

	@Test
	void anIdempotencyKeyMapsToTheOneJobThatFirstUsedIt() {
		IdempotencyKey key = new IdempotencyKey("ci", "key-1", "hash-1", "job-1");
		store.insert(job("job-1", "alpha", T0), key);

		assertThatThrownBy(() -> store.insert(job("job-2", "alpha", T0.plusSeconds(1)),
				new IdempotencyKey("ci", "key-1", "hash-2", "job-2")))
			.isInstanceOf(DuplicateKeyException.class);
		store.insert(job("job-3", "alpha", T0.plusSeconds(2)), new IdempotencyKey("dashboard", "key-1", "hash-3",
				"job-3"));

		assertThat(store.findKey("ci", "key-1")).contains(key);
		assertThat(store.find("job-2")).as("the job of the refused key was rolled back with it").isEmpty();
		assertThat(store.findKey("dashboard", "key-1").orElseThrow().jobId()).isEqualTo("job-3");
		assertThat(store.findKey("ci", "key-2")).isEmpty();
	}

	@Test
	void racingFirstUsesOfOneIdempotencyKeyRecordExactlyOneJob() throws Exception {
		List<Callable<Boolean>> racers = new ArrayList<>();
		for (int i = 0; i < RACERS; i++) {
			String id = "job-" + i;
			racers.add(() -> {
				try {
					store.insert(job(id, "alpha", T0), new IdempotencyKey("ci", "key-1", "hash-" + id, id));
					return true;
				}
				catch (DuplicateKeyException ex) {
					return false;
				}
			});
		}

		List<Integer> winners = winners(race(racers));

		assertThat(winners).hasSize(1);
		String winner = "job-" + winners.get(0);
		assertThat(store.findKey("ci", "key-1")).contains(new IdempotencyKey("ci", "key-1", "hash-" + winner, winner));
		assertThat(ids(store.page(null, null, 0, 100))).as("the losers' jobs were rolled back").containsExactly(winner);
	}

	@Test
	void retentionRemovesEndedJobsBeforeTheCutoffOldestFirstAndOldKeys() {
		endedAt("job-old-1", T0.plusSeconds(3600));
		endedAt("job-old-2", T0.plusSeconds(2 * 3600));
		endedAt("job-recent", T0.plusSeconds(5 * 3600));
		store.insert(job("job-running", "alpha", T0), new IdempotencyKey("ci", "key-running", "h", "job-running"));
		store.start("job-running", T0.plusSeconds(1));
		store.insert(job("job-new", "alpha", T0.plusSeconds(4 * 3600)),
				new IdempotencyKey("ci", "key-new", "h", "job-new"));
		Instant cutoff = T0.plusSeconds(3 * 3600);

		assertThat(store.endedBefore(cutoff, 10)).containsExactly("job-old-1", "job-old-2");
		assertThat(store.endedBefore(cutoff, 1)).containsExactly("job-old-1");
		assertThat(store.deleteEnded("job-running")).as("a running job is never deleted").isFalse();
		assertThat(store.deleteEnded("job-old-1")).isTrue();
		assertThat(store.deleteEnded("job-old-1")).as("already gone").isFalse();
		assertThat(store.find("job-old-1")).isEmpty();
		assertThat(store.find("job-running")).isPresent();
		assertThat(store.findKey("ci", "key-running")).isPresent();

		// Keys are as old as the job that created them: key-running (T0) is past a one-hour cutoff, key-new is not.
		assertThat(store.deleteKeysBefore(T0.plusSeconds(3600))).isEqualTo(1);
		assertThat(store.findKey("ci", "key-running")).isEmpty();
		assertThat(store.findKey("ci", "key-new")).isPresent();
	}

	@Test
	void aJobsInputsAndReuseKeyReadBackAndFindItOnceItSucceeded() {
		Map<String, Object> inputs = Map.of("salesPath", Map.of("path", "/in/a.csv", "size", 120, "modified",
				"2026-01-02T03:04:05.678Z", "sha256", "ab".repeat(32)));
		String key = "cd".repeat(32);
		store.insert(job("job-old", "alpha", T0));
		store.insert(job("job-new", "alpha", T0.plusSeconds(1)));
		store.insert(job("job-other", "beta", T0.plusSeconds(2)));
		store.insert(job("job-failed", "alpha", T0.plusSeconds(3)));
		for (String id : List.of("job-old", "job-new", "job-other", "job-failed")) {
			assertThat(store.recordInputs(id, inputs, key)).as("%s still queued", id).isFalse();
			store.start(id, T0.plusSeconds(10));
			assertThat(store.recordInputs(id, inputs, key)).isTrue();
		}

		assertThat(store.reusable("alpha", key, 10)).as("none ended yet").isEmpty();
		store.end("job-old", JobStatus.RUNNING,
				JobEnding.of(JobStatus.SUCCEEDED, T0.plusSeconds(20), null).withOutputs(List.of(), Map.of()));
		store.end("job-new", JobStatus.RUNNING,
				JobEnding.of(JobStatus.SUCCEEDED, T0.plusSeconds(30), null).withOutputs(List.of(), Map.of()));
		store.end("job-other", JobStatus.RUNNING,
				JobEnding.of(JobStatus.SUCCEEDED, T0.plusSeconds(40), null).withOutputs(List.of(), Map.of()));
		store.end("job-failed", JobStatus.RUNNING,
				JobEnding.of(JobStatus.FAILED, T0.plusSeconds(50),
						new JobError(JobErrorType.PIPELINE_ERROR, "bad row")));

		assertThat(ids(store.reusable("alpha", key, 10))).containsExactly("job-new", "job-old");
		assertThat(ids(store.reusable("alpha", key, 1))).containsExactly("job-new");
		assertThat(store.reusable("alpha", "ef".repeat(32), 10)).isEmpty();
		Job found = store.find("job-new").orElseThrow();
		assertThat(found.inputs()).isEqualTo(inputs);
		assertThat(found.reuseKey()).isEqualTo(key);
		assertThat(found.reusedJobId()).isNull();
	}

	@Test
	void aRunningJobRecordsTheSparkApplicationItRunsIn() {
		store.insert(job("job-1", "alpha", T0));
		assertThat(store.recordSparkApplication("job-1", "app-1", "http://driver:4040")).as("still queued").isFalse();
		store.start("job-1", T0.plusSeconds(1));

		assertThat(store.recordSparkApplication("job-1", "app-20261206-0001", "http://driver:4041")).isTrue();

		assertThat(store.find("job-1").orElseThrow().sparkApplication())
			.isEqualTo(new Job.SparkApplication("app-20261206-0001", "http://driver:4041"));
		assertThat(store.find("job-1").orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
	}

	@Test
	void anEndKeepsWhatItDoesNotSayAStreamsLastOutputsAndFigures() {
		store.insert(job("job-1", "alpha", T0));
		store.start("job-1", T0.plusSeconds(1));
		StreamingStatus figures = new StreamingStatus(3L, 120, 11.5, 85.25, null, T0.plusSeconds(30), 2);
		List<PipelineOutput> outputs = List.of(new PipelineOutput("window_counts", "file:///out/job-1/window_counts/",
				"parquet", 4L, List.of(new PipelineOutput.Field("Count", "bigint"))));
		store.recordStreaming("job-1", figures, outputs);

		assertThat(store.interruptUnfinished(T0.plusSeconds(60))).extracting(Job::id).containsExactly("job-1");

		Job stored = store.find("job-1").orElseThrow();
		assertThat(stored.status()).isEqualTo(JobStatus.FAILED);
		assertThat(stored.streaming()).isEqualTo(figures);
		assertThat(stored.outputs()).isEqualTo(outputs);
		assertThat(stored.summary()).isEmpty();
	}

	@Test
	void aReusingJobReadsBackWithTheJobItReused() {
		Job written = new Job("job-2", "alpha", Map.of("k", 5), JobStatus.QUEUED, T0, null, null, 60, null, null,
				null, null, null, "tester", null, null, Map.of("in", Map.of("size", 3)), "ab".repeat(32), "job-1");
		store.insert(written);

		assertThat(store.find("job-2")).contains(written);
	}

	@Test
	void aJobsStagesAndFirstSparkJobOutliveTheServer() {
		store.insert(job("job-1", "alpha", T0));
		store.start("job-1", T0.plusSeconds(1));
		store.recordSparkApplication("job-1", "app-1", "https://spark.example.com");
		stages.record("job-1", List.of(new SparkStage(5, 0, "old", SparkStage.Status.FAILED, 1, 0, 1, T0, T0, 0L)), 2);
		stages.record("job-1", List.of(
				new SparkStage(3, 0, "parquet at PipelineContext.java:96", SparkStage.Status.COMPLETE, 8, 8, 0,
						T0.plusSeconds(2), T0.plusMillis(2_412), 412L),
				new SparkStage(4, 1, "count at Rfm.java:1", SparkStage.Status.SKIPPED, 2, 0, 0, null, null, null)), 7);
		store.end("job-1", JobStatus.RUNNING,
				JobEnding.of(JobStatus.SUCCEEDED, T0.plusSeconds(3), null).withOutputs(List.of(), Map.of()));

		// What a restarted server reads: nothing live, the store only.
		JobStages restarted = new JobStages(jdbc, transactions, new JobProgressListener());
		Job ended = store.find("job-1").orElseThrow();

		assertThat(restarted.list(ended)).containsExactly(
				new JobStages.Stage(3, 0, "parquet at PipelineContext.java:96", SparkStage.Status.COMPLETE, 8, 8, 0,
						T0.plusSeconds(2), T0.plusMillis(2_412), 412L,
						"https://spark.example.com/stages/stage/?id=3&attempt=0"),
				new JobStages.Stage(4, 1, "count at Rfm.java:1", SparkStage.Status.SKIPPED, 2, 0, 0, null, null, null,
						"https://spark.example.com/stages/stage/?id=4&attempt=1"));
		assertThat(ended.sparkApplication()).isEqualTo(new Job.SparkApplication("app-1", "https://spark.example.com", 7));
		assertThat(ended.sparkApplication().jobPage()).isEqualTo("https://spark.example.com/jobs/job/?id=7");
	}

	@Test
	void aJobKeepsItsFirstStagesUpToTheBoundAndNoneOnceDeleted() {
		store.insert(job("job-1", "alpha", T0));
		List<SparkStage> many = new ArrayList<>();
		for (int i = 0; i < 205; i++) {
			many.add(new SparkStage(i, 0, "s" + i, SparkStage.Status.COMPLETE, 1, 1, 0, T0, T0, 0L));
		}
		stages.record("job-1", many, 0);
		Job job = store.find("job-1").orElseThrow();

		assertThat(stages.list(job)).hasSize(200).extracting(JobStages.Stage::stageId).startsWith(0, 1).endsWith(199);
		assertThat(stages.list(job)).allSatisfy(stage -> assertThat(stage.sparkUi()).as("no Spark UI recorded").isNull());

		jdbc.sql("DELETE FROM job WHERE id = 'job-1'").update();
		assertThat(jdbc.sql("SELECT COUNT(*) FROM job_stage").query(Long.class).single()).isZero();
	}

	private void endedAt(String id, Instant finished) {
		store.insert(job(id, "alpha", T0));
		store.start(id, T0.plusSeconds(1));
		store.end(id, JobStatus.RUNNING,
				JobEnding.of(JobStatus.SUCCEEDED, finished, null).withOutputs(List.of(), Map.of()));
	}

	private static Job job(String id, String pipeline, Instant submittedAt) {
		return new Job(id, pipeline, Map.of("salesPath", "demo/sales.csv"), JobStatus.QUEUED, submittedAt, null, null,
				60, null, null, null, null, null, "tester", null);
	}

	private static List<String> ids(List<Job> jobs) {
		return jobs.stream().map(Job::id).toList();
	}

	/** Runs every racer at once, each on its own thread and connection, released together. */
	private static List<Boolean> race(List<Callable<Boolean>> racers) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(racers.size());
		try {
			CountDownLatch ready = new CountDownLatch(racers.size());
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Boolean>> results = new ArrayList<>();
			for (Callable<Boolean> racer : racers) {
				results.add(threads.submit(() -> {
					ready.countDown();
					go.await();
					return racer.call();
				}));
			}
			assertThat(ready.await(30, TimeUnit.SECONDS)).as("every racer at the line").isTrue();
			go.countDown();
			List<Boolean> outcomes = new ArrayList<>();
			for (Future<Boolean> result : results) {
				outcomes.add(result.get(60, TimeUnit.SECONDS));
			}
			return outcomes;
		}
		finally {
			threads.shutdownNow();
		}
	}

	private static List<Integer> winners(List<Boolean> outcomes) {
		List<Integer> winners = new ArrayList<>();
		for (int i = 0; i < outcomes.size(); i++) {
			if (outcomes.get(i)) {
				winners.add(i);
			}
		}
		return winners;
	}

	/** The store and what it stands on: DataSource, Flyway, JdbcClient, transactions and Jackson. */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
			JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class,
			DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
			JacksonAutoConfiguration.class })
	@Import({ JobStore.class, JobStages.class, JobProgressListener.class })
	static class JobStoreOnly {

	}

}
