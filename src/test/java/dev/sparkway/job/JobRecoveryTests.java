package dev.sparkway.job;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a restart finds: records that were unfinished when the server stopped become FAILED/INTERRUPTED; ended
 * ones are untouched.
 */
class JobRecoveryTests extends IntegrationTest {

	@Autowired
	JobStore store;

	@Autowired
	JobService jobs;

	@Test
	void jobsLeftRunningOrQueuedByAStoppedServerAreMarkedInterrupted() throws Exception {
		String running = queuedRecord();
		store.start(running, Instant.now());
		java.nio.file.Path halfWritten = outputRoot().resolve(running).resolve("daily_sales/_temporary");
		java.nio.file.Files.createDirectories(halfWritten);
		String queued = queuedRecord();
		String ended = queuedRecord();
		store.end(ended, JobStatus.QUEUED,
				JobEnding.of(JobStatus.CANCELLED, Instant.now(), new JobError(JobErrorType.CANCELLED, "by test")));

		jobs.recoverInterruptedJobs();

		JsonNode wasRunning = get("/api/v1/jobs/" + running).expect(200).body();
		assertThat(wasRunning.get("status").asText()).isEqualTo("FAILED");
		assertThat(wasRunning.at("/error/type").asText()).isEqualTo("INTERRUPTED");
		assertThat(wasRunning.at("/error/message").asText()).contains("running");
		assertThat(wasRunning.get("finishedAt").isNull()).isFalse();
		assertThat(outputRoot().resolve(running)).as("half-written output removed").doesNotExist();
		JsonNode wasQueued = get("/api/v1/jobs/" + queued).expect(200).body();
		assertThat(wasQueued.at("/error/type").asText()).isEqualTo("INTERRUPTED");
		assertThat(wasQueued.at("/error/message").asText()).contains("queued");
		assertThat(get("/api/v1/jobs/" + ended).body().get("status").asText()).isEqualTo("CANCELLED");
	}

	@Test
	void aLateTransitionCannotMoveAnEndedJob() {
		String id = queuedRecord();
		assertThat(store.start(id, Instant.now())).isTrue();
		assertThat(store.end(id, JobStatus.RUNNING, JobEnding.of(JobStatus.CANCELLED, Instant.now(), null)))
			.isTrue();

		assertThat(store.end(id, JobStatus.RUNNING, JobEnding.of(JobStatus.SUCCEEDED, Instant.now(), null)))
			.isFalse();
		assertThat(store.start(id, Instant.now())).isFalse();
		assertThat(store.find(id).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
	}

	private String queuedRecord() {
		String id = UUID.randomUUID().toString();
		store.insert(Job.queued(id, "retail-sales", Map.of("salesPath", "demo/sales.csv"), 60, "test", null));
		return id;
	}

}
