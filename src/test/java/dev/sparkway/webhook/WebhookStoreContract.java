package dev.sparkway.webhook;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link WebhookStore} promises, whatever the database (the V6 migration and every query): subclasses choose
 * one through {@code spring.datasource.*} alone. No Spark, no server.
 */
@SpringBootTest(classes = WebhookStoreContract.WebhookStoreOnly.class,
		webEnvironment = SpringBootTest.WebEnvironment.NONE)
abstract class WebhookStoreContract {

	private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

	@Autowired
	WebhookStore store;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void empty() {
		jdbc.sql("DELETE FROM webhook_attempt").update();
		jdbc.sql("DELETE FROM webhook_delivery").update();
		jdbc.sql("DELETE FROM job").update();
	}

	@Test
	void aDeliveryWaitsForItsJobThenIsTriedUntilDeliveredAndEveryAttemptIsListed() {
		job("j1", "SUCCEEDED");
		store.insertWaiting(new WebhookStore.Waiting("d1", "j1", "https://h/x", "SUCCEEDED,FAILED"), T0);
		assertThat(store.due(T0.plusSeconds(60), 10)).isEmpty();
		assertThat(store.attempts("j1")).isEmpty();
		assertThat(store.endedJobsWithWaitingDeliveries(List.of("SUCCEEDED", "FAILED", "CANCELLED")))
			.containsExactly("j1");

		assertThat(store.activate("d1", "job.succeeded", "{\"a\":1}", T0.plusSeconds(1))).isTrue();
		assertThat(store.activate("d1", "job.succeeded", "{\"a\":1}", T0.plusSeconds(1))).isFalse();
		assertThat(store.endedJobsWithWaitingDeliveries(List.of("SUCCEEDED"))).isEmpty();
		assertThat(store.attempts("j1")).containsExactly(new WebhookAttempt("d1", "job.succeeded", "https://h/x", 0,
				"PENDING", null, null, T0, T0.plusSeconds(1)));

		List<WebhookStore.Due> due = store.due(T0.plusSeconds(1), 10);
		assertThat(due).containsExactly(new WebhookStore.Due("d1", "j1", "https://h/x", "job.succeeded", "{\"a\":1}", 0));
		assertThat(store.claim(due.get(0), T0.plusSeconds(30))).isTrue();
		assertThat(store.claim(due.get(0), T0.plusSeconds(30))).as("taken once").isFalse();
		assertThat(store.due(T0.plusSeconds(29), 10)).as("leased").isEmpty();
		store.recordAttempt("d1", 1, "PENDING", 503, "HTTP 503", T0.plusSeconds(2), T0.plusSeconds(12));

		WebhookStore.Due again = store.due(T0.plusSeconds(12), 10).get(0);
		assertThat(again.attempts()).isEqualTo(1);
		assertThat(store.claim(again, T0.plusSeconds(40))).isTrue();
		store.recordAttempt("d1", 2, "DELIVERED", 204, null, T0.plusSeconds(13), null);

		assertThat(store.due(T0.plusSeconds(3600), 10)).isEmpty();
		assertThat(store.attempts("j1")).containsExactly(
				new WebhookAttempt("d1", "job.succeeded", "https://h/x", 1, "PENDING", 503, "HTTP 503",
						T0.plusSeconds(2), T0.plusSeconds(12)),
				new WebhookAttempt("d1", "job.succeeded", "https://h/x", 2, "DELIVERED", 204, null,
						T0.plusSeconds(13), null));

		assertThat(store.deleteFinishedOfRemovedJobs()).as("its job is still there").isZero();
		jdbc.sql("DELETE FROM job WHERE id = 'j1'").update();
		assertThat(store.deleteFinishedOfRemovedJobs()).isEqualTo(1);
		assertThat(store.attempts("j1")).isEmpty();
		assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_attempt").query(Long.class).single()).isZero();
	}

	@Test
	void waitingDeliveriesOfASubmissionThatNeverBecameAJobAreDropped() {
		job("kept", "RUNNING");
		store.insertWaiting(new WebhookStore.Waiting("d-kept", "kept", "https://h/x", "FAILED"), T0);
		store.insertWaiting(new WebhookStore.Waiting("d-orphan", "never-recorded", "https://h/x", "FAILED"), T0);
		store.insertWaiting(new WebhookStore.Waiting("d-young", "being-recorded", "https://h/x", "FAILED"),
				T0.plusSeconds(600));
		assertThat(store.dropOrphans(T0.plusSeconds(1))).isEqualTo(1);
		assertThat(store.waiting("kept")).hasSize(1);
		assertThat(store.waiting("never-recorded")).isEmpty();
		assertThat(store.waiting("being-recorded")).hasSize(1);
		assertThat(store.endedJobsWithWaitingDeliveries(List.of("SUCCEEDED", "FAILED", "CANCELLED"))).isEmpty();

		store.dropWaitingOf("being-recorded");
		assertThat(store.waiting("being-recorded")).isEmpty();
	}

	private void job(String id, String status) {
		jdbc.sql("""
				INSERT INTO job (id, pipeline, params, status, submitted_at, last_updated, timeout_seconds, version)
				VALUES (:id, 'p', '{}', :status, :at, :at, 60, 0)""")
			.param("id", id)
			.param("status", status)
			.param("at", T0.atOffset(ZoneOffset.UTC))
			.update();
	}

	/** The store and what it stands on: DataSource, Flyway, JdbcClient, transactions. */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
			JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class,
			DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class })
	@Import(WebhookStore.class)
	static class WebhookStoreOnly {

	}

}
