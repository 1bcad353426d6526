package dev.sparkway.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Webhook deliveries and their attempts in the job store. A delivery moves WAITING (its job runs) to PENDING (its
 * job ended; due at {@code next_attempt_at}) to DELIVERED or FAILED; every change is a conditional update, so a
 * delivery is taken by one dispatcher pass at a time.
 */
@Repository
class WebhookStore {

	static final String WAITING = "WAITING";

	static final String PENDING = "PENDING";

	static final String DELIVERED = "DELIVERED";

	static final String FAILED = "FAILED";

	private final JdbcClient jdbc;

	WebhookStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A delivery that waits for its job's end. */
	record Waiting(String deliveryId, String jobId, String url, String events) {
	}

	/** A delivery whose job ended: what to send, and how many attempts it had. */
	record Due(String deliveryId, String jobId, String url, String type, String body, int attempts) {
	}

	void insertWaiting(Waiting delivery, Instant at) {
		jdbc.sql("""
				INSERT INTO webhook_delivery (delivery_id, job_id, url, events, status, attempts, created_at)
				VALUES (:id, :jobId, :url, :events, :status, 0, :at)""")
			.param("id", delivery.deliveryId())
			.param("jobId", delivery.jobId())
			.param("url", delivery.url())
			.param("events", delivery.events())
			.param("status", WAITING)
			.param("at", utc(at))
			.update();
	}

	List<Waiting> waiting(String jobId) {
		return jdbc.sql("SELECT * FROM webhook_delivery WHERE job_id = :jobId AND status = :waiting")
			.param("jobId", jobId)
			.param("waiting", WAITING)
			.query((rs, row) -> new Waiting(rs.getString("delivery_id"), rs.getString("job_id"), rs.getString("url"),
					rs.getString("events")))
			.list();
	}

	/** Jobs that ended while deliveries of theirs still wait: ends a crash kept from their listener. */
	List<String> endedJobsWithWaitingDeliveries(List<String> ended) {
		return jdbc.sql("""
				SELECT DISTINCT d.job_id FROM webhook_delivery d JOIN job j ON j.id = d.job_id
				WHERE d.status = :waiting AND j.status IN (:ended)""")
			.param("waiting", WAITING)
			.param("ended", ended)
			.query(String.class)
			.list();
	}

	/** WAITING to PENDING, due at once; false if it no longer waits (another pass took it). */
	boolean activate(String deliveryId, String type, String body, Instant at) {
		return jdbc.sql("""
				UPDATE webhook_delivery SET status = :pending, event_type = :type, body = :body, next_attempt_at = :at
				WHERE delivery_id = :id AND status = :waiting""")
			.param("pending", PENDING)
			.param("type", type)
			.param("body", body)
			.param("at", utc(at))
			.param("id", deliveryId)
			.param("waiting", WAITING)
			.update() == 1;
	}

	/** Removes a delivery that still waits (its job ended in a status its endpoint did not ask for). */
	void dropWaiting(String deliveryId) {
		jdbc.sql("DELETE FROM webhook_delivery WHERE delivery_id = :id AND status = :waiting")
			.param("id", deliveryId)
			.param("waiting", WAITING)
			.update();
	}

	/** Removes a job's waiting deliveries: its submission failed after they were written. */
	void dropWaitingOf(String jobId) {
		jdbc.sql("DELETE FROM webhook_delivery WHERE job_id = :jobId AND status = :waiting")
			.param("jobId", jobId)
			.param("waiting", WAITING)
			.update();
	}

	/** Waiting deliveries older than {@code before} whose job was never recorded (a submission cut short). */
	int dropOrphans(Instant before) {
		return jdbc.sql("""
				DELETE FROM webhook_delivery WHERE status = :waiting AND created_at < :before
				AND NOT EXISTS (SELECT 1 FROM job j WHERE j.id = webhook_delivery.job_id)""")
			.param("waiting", WAITING)
			.param("before", utc(before))
			.update();
	}

	/**
	 * Removes the delivered and given-up deliveries (and their attempts) of jobs that are gone (deleted, or past
	 * retention); returns how many deliveries.
	 */
	@Transactional
	int deleteFinishedOfRemovedJobs() {
		List<String> finished = List.of(DELIVERED, FAILED);
		jdbc.sql("""
				DELETE FROM webhook_attempt WHERE delivery_id IN (SELECT d.delivery_id FROM webhook_delivery d
				  WHERE d.status IN (:finished) AND NOT EXISTS (SELECT 1 FROM job j WHERE j.id = d.job_id))""")
			.param("finished", finished)
			.update();
		return jdbc.sql("""
				DELETE FROM webhook_delivery WHERE status IN (:finished)
				AND NOT EXISTS (SELECT 1 FROM job j WHERE j.id = webhook_delivery.job_id)""")
			.param("finished", finished)
			.update();
	}

	/** PENDING deliveries due by {@code now}, oldest first. */
	List<Due> due(Instant now, int limit) {
		return jdbc.sql("""
				SELECT * FROM webhook_delivery WHERE status = :pending AND next_attempt_at <= :now
				ORDER BY next_attempt_at LIMIT :limit""")
			.param("pending", PENDING)
			.param("now", utc(now))
			.param("limit", limit)
			.query((rs, row) -> new Due(rs.getString("delivery_id"), rs.getString("job_id"), rs.getString("url"),
					rs.getString("event_type"), rs.getString("body"), rs.getInt("attempts")))
			.list();
	}

	/**
	 * Takes a due delivery for one more attempt: counts it and moves its due time to {@code leaseUntil}, so no
	 * other pass takes it while it is in flight, and a server that dies meanwhile tries again after that time.
	 * False if another pass took it first.
	 */
	boolean claim(Due delivery, Instant leaseUntil) {
		return jdbc.sql("""
				UPDATE webhook_delivery SET attempts = attempts + 1, next_attempt_at = :lease
				WHERE delivery_id = :id AND status = :pending AND attempts = :attempts""")
			.param("lease", utc(leaseUntil))
			.param("id", delivery.deliveryId())
			.param("pending", PENDING)
			.param("attempts", delivery.attempts())
			.update() == 1;
	}

	/**
	 * Records an attempt and its outcome for the delivery: {@code status} DELIVERED, FAILED (given up) or PENDING
	 * (again at {@code nextAttemptAt}).
	 */
	@Transactional
	void recordAttempt(String deliveryId, int attempt, String status, Integer responseCode, String error, Instant at,
			Instant nextAttemptAt) {
		jdbc.sql("""
				INSERT INTO webhook_attempt (delivery_id, attempt, status, response_code, error_message, attempted_at,
				  next_attempt_at)
				VALUES (:id, :attempt, :status, :code, :error, :at, :next)""")
			.param("id", deliveryId)
			.param("attempt", attempt)
			.param("status", status)
			.param("code", responseCode, java.sql.Types.INTEGER)
			.param("error", error, java.sql.Types.VARCHAR)
			.param("at", utc(at))
			.param("next", utc(nextAttemptAt), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
			.update();
		jdbc.sql("""
				UPDATE webhook_delivery SET status = :status, next_attempt_at = :next
				WHERE delivery_id = :id AND status = :pending AND attempts = :attempt""")
			.param("status", status)
			.param("next", utc(nextAttemptAt), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
			.param("id", deliveryId)
			.param("pending", PENDING)
			.param("attempt", attempt)
			.update();
	}

	/**
	 * Every attempt of a job's deliveries, in order, and for a delivery that is due but not yet tried, one entry
	 * with attempt 0.
	 */
	List<WebhookAttempt> attempts(String jobId) {
		List<WebhookAttempt> made = jdbc.sql("""
				SELECT d.delivery_id, d.event_type, d.url, a.attempt, a.status, a.response_code, a.error_message,
				  a.attempted_at, a.next_attempt_at
				FROM webhook_attempt a JOIN webhook_delivery d ON d.delivery_id = a.delivery_id
				WHERE d.job_id = :jobId""")
			.param("jobId", jobId)
			.query(WebhookStore::attempt)
			.list();
		List<WebhookAttempt> untried = jdbc.sql("""
				SELECT delivery_id, event_type, url, 0 AS attempt, status, NULL AS response_code,
				  NULL AS error_message, created_at AS attempted_at, next_attempt_at
				FROM webhook_delivery WHERE job_id = :jobId AND status = :pending AND attempts = 0""")
			.param("jobId", jobId)
			.param("pending", PENDING)
			.query(WebhookStore::attempt)
			.list();
		return java.util.stream.Stream.concat(made.stream(), untried.stream())
			.sorted(java.util.Comparator.comparing(WebhookAttempt::at)
				.thenComparing(WebhookAttempt::deliveryId)
				.thenComparing(WebhookAttempt::attempt))
			.toList();
	}

	private static WebhookAttempt attempt(ResultSet rs, int row) throws SQLException {
		int code = rs.getInt("response_code");
		Integer responseCode = rs.wasNull() ? null : code;
		return new WebhookAttempt(rs.getString("delivery_id"), rs.getString("event_type"), rs.getString("url"),
				rs.getInt("attempt"), rs.getString("status"), responseCode,
				rs.getString("error_message"), instant(rs, "attempted_at"), instant(rs, "next_attempt_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return value == null ? null : value.toInstant();
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
	}

}
