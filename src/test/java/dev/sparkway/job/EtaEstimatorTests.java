package dev.sparkway.job;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.sparkway.spark.Counts;
import dev.sparkway.spark.JobProgress;
import dev.sparkway.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * progress.etaSeconds from a known history of SUCCEEDED runs: the median pace (run time per input byte) scaled to
 * the job's inputs, times the fraction not done yet.
 */
class EtaEstimatorTests extends IntegrationTest {

	private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(1, ChronoUnit.HOURS);

	@Autowired
	JobStore store;

	@Autowired
	EtaEstimator eta;

	@Test
	void theMedianPaceOfEarlierRunsScaledToTheInputsTimesTheFractionLeft() {
		String pipeline = "eta-" + UUID.randomUUID();
		// Paces 10, 15 and 20 ms per byte; the folder's sizes add up.
		succeeded(pipeline, 10_000, Map.of("salesPath", file(1000)));
		succeeded(pipeline, 30_000, Map.of("salesPath", List.of(file(1000), file(1000))));
		succeeded(pipeline, 40_000, Map.of("salesPath", file(2000)));

		// 4,000 bytes at the median 15 ms/byte = 60 s; a quarter done: 45 s left.
		Job running = job(pipeline, JobStatus.RUNNING, 0.25, Map.of("salesPath", file(4000)));
		assertThat(eta.etaSeconds(running)).isEqualTo(45L);
		assertThat(eta.withEta(running).progress().etaSeconds()).isEqualTo(45L);
		// Queued, inputs not identified yet: the median run time, 30 s.
		assertThat(eta.etaSeconds(job(pipeline, JobStatus.QUEUED, 0.0, Map.of()))).isEqualTo(30L);
		// Nothing left once ended; nothing to learn from for another pipeline.
		assertThat(eta.etaSeconds(job(pipeline, JobStatus.SUCCEEDED, 1.0, Map.of("salesPath", file(4000))))).isNull();
		assertThat(eta.etaSeconds(job("eta-" + UUID.randomUUID(), JobStatus.RUNNING, 0.5, Map.of()))).isNull();
	}

	@Test
	void aNewSuccessfulRunIsLearnedFromAtOnce() {
		String pipeline = "eta-" + UUID.randomUUID();
		Job queued = job(pipeline, JobStatus.QUEUED, 0.0, Map.of());
		assertThat(eta.etaSeconds(queued)).isNull();
		Job run = succeeded(pipeline, 8_000, Map.of());
		// What JobTransitions publishes once a run is recorded SUCCEEDED.
		eta.on(new JobEvent.Transition(run.id(), pipeline, JobStatus.SUCCEEDED, 8_000L, null, Map.of()));
		assertThat(eta.etaSeconds(queued)).isEqualTo(8L);
	}

	@Test
	void aJobShowsItsEstimateFieldOverHttp() {
		String id = submit("test-slow", Map.of("tasks", 1, "taskMillis", 0));
		assertThat(get("/api/v1/jobs/" + id).expect(200).body().get("progress").has("etaSeconds")).isTrue();
		awaitStatus(id, java.time.Duration.ofMinutes(2), "SUCCEEDED");
		assertThat(get("/api/v1/jobs/" + id).expect(200).body().at("/progress/etaSeconds").isNull()).isTrue();
	}

	private Job succeeded(String pipeline, long millis, Map<String, Object> inputs) {
		Job job = Job.queued(UUID.randomUUID().toString(), pipeline, Map.of(), 60, "test", null);
		store.insert(job);
		assertThat(store.start(job.id(), T0)).isTrue();
		assertThat(store.recordInputs(job.id(), inputs, null)).isTrue();
		assertThat(store.end(job.id(), JobStatus.RUNNING,
				JobEnding.of(JobStatus.SUCCEEDED, T0.plusMillis(millis), null))).isTrue();
		return job;
	}

	private static Map<String, Object> file(long size) {
		return Map.of("path", "/data/x.csv", "size", size, "modified", "2026-01-01T00:00:00Z", "sha256", "00");
	}

	private static Job job(String pipeline, JobStatus status, double fraction, Map<String, Object> inputs) {
		return new Job(UUID.randomUUID().toString(), pipeline, Map.of(), status, T0, T0, null, 60,
				new JobProgress(fraction, Counts.NONE, Counts.NONE, Counts.NONE), null, null, null, null, "test",
				null, null, inputs, null, null);
	}

}
