package dev.sparkway.job;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkway.pipeline.PipelineOutput;
import dev.sparkway.spark.JobMetrics;
import dev.sparkway.spark.JobProgress;
import dev.sparkway.spark.StreamingStatus;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Jobs in the database, through plain JDBC. Every status change goes through {@link #transition}: checked against
 * {@link JobStatus#canMoveTo} before it is written, and written as a conditional update
 * ({@code ... WHERE id = ? AND status = ?}), so races between the executor, cancel requests and start-up recovery
 * resolve in the database: one wins, the others see {@code false}. Statuses are bound as parameters, never spelled
 * in SQL.
 */
@Repository
public class JobStore {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private static final TypeReference<List<PipelineOutput>> OUTPUTS = new TypeReference<>() {
	};

	private static final List<String> ENDED = names(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED);

	private static final List<String> UNFINISHED = names(JobStatus.QUEUED, JobStatus.RUNNING);

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	JobStore(JdbcClient jdbc, ObjectMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** Now, at the precision every supported database keeps. */
	static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MILLIS);
	}

	public void insert(Job job) {
		jdbc.sql("""
				INSERT INTO job (id, pipeline, params, status, submitted_at, last_updated, timeout_seconds,
				  submitted_by, retry_of, inputs, reuse_key, reused_job_id, version)
				VALUES (:id, :pipeline, :params, :status, :submitted, :submitted, :timeout, :submittedBy, :retryOf,
				  :inputs, :reuseKey, :reusedJobId, 0)""")
			.param("id", job.id())
			.param("pipeline", job.pipeline())
			.param("params", write(job.params()))
			.param("status", job.status().name())
			.param("submitted", utc(job.submittedAt()))
			.param("timeout", job.timeoutSeconds())
			.param("submittedBy", job.submittedBy())
			.param("retryOf", job.retryOf())
			.param("inputs", job.inputs().isEmpty() ? null : write(job.inputs()))
			.param("reuseKey", job.reuseKey())
			.param("reusedJobId", job.reusedJobId())
			.update();
	}

	/**
	 * Records a job together with the idempotency key that created it, in one transaction.
	 * @throws org.springframework.dao.DuplicateKeyException when the caller already used the key; nothing is
	 * recorded then
	 */
	@Transactional
	public void insert(Job job, IdempotencyKey key) {
		insert(job);
		jdbc.sql("""
				INSERT INTO idempotency_key (caller, idem_key, request_hash, job_id, created_at)
				VALUES (:caller, :key, :hash, :jobId, :createdAt)""")
			.param("caller", key.caller())
			.param("key", key.key())
			.param("hash", key.requestHash())
			.param("jobId", job.id())
			.param("createdAt", utc(job.submittedAt()))
			.update();
	}

	/** The job a caller's idempotency key created, with the hash of the request that created it. */
	public Optional<IdempotencyKey> findKey(String caller, String key) {
		return jdbc.sql("SELECT * FROM idempotency_key WHERE caller = :caller AND idem_key = :key")
			.param("caller", caller)
			.param("key", key)
			.query((rs, row) -> new IdempotencyKey(rs.getString("caller"), rs.getString("idem_key"),
					rs.getString("request_hash"), rs.getString("job_id")))
			.optional();
	}

	/**
	 * Deletes an ended job's record and its idempotency keys; false, changing nothing, if it is not ended (or gone).
	 */
	@Transactional
	public boolean deleteEnded(String id) {
		boolean deleted = jdbc.sql("DELETE FROM job WHERE id = :id AND status IN (:ended)")
			.param("id", id)
			.param("ended", ENDED)
			.update() == 1;
		if (deleted) {
			jdbc.sql("DELETE FROM idempotency_key WHERE job_id = :id").param("id", id).update();
		}
		return deleted;
	}

	/** Ids of ended jobs that finished before the given time, oldest first. */
	public List<String> endedBefore(Instant before, int limit) {
		return jdbc.sql("""
				SELECT id FROM job WHERE status IN (:ended) AND finished_at < :before
				ORDER BY finished_at LIMIT :limit""")
			.param("ended", ENDED)
			.param("before", utc(before))
			.param("limit", limit)
			.query(String.class)
			.list();
	}

	/** Forgets idempotency keys older than the given time. */
	public int deleteKeysBefore(Instant before) {
		return jdbc.sql("DELETE FROM idempotency_key WHERE created_at < :before").param("before", utc(before)).update();
	}

	public Optional<Job> find(String id) {
		return jdbc.sql("SELECT * FROM job WHERE id = :id").param("id", id).query(this::map).optional();
	}

	public List<Job> page(JobStatus status, String pipeline, int page, int size) {
		return jdbc.sql("SELECT * FROM job WHERE " + filter(status, pipeline)
				+ " ORDER BY submitted_at DESC, id DESC LIMIT :limit OFFSET :offset")
			.params(filterParams(status, pipeline))
			.param("limit", size)
			.param("offset", (long) page * size)
			.query(this::map)
			.list();
	}

	public long count(JobStatus status, String pipeline) {
		return jdbc.sql("SELECT COUNT(*) FROM job WHERE " + filter(status, pipeline))
			.params(filterParams(status, pipeline))
			.query(Long.class)
			.single();
	}

	/** QUEUED to RUNNING, stamping the start time; false if the job is no longer queued. */
	public boolean start(String id, Instant at) {
		Map<String, Object> set = new LinkedHashMap<>();
		set.put("started_at", utc(at));
		return transition(id, JobStatus.QUEUED, JobStatus.RUNNING, at, set);
	}

	/**
	 * Ends a job that is still in {@code from}, recording its outcome; false if it had already moved on. Parts of
	 * the outcome that are null are left as they are (a stream's last recorded outputs and figures stay).
	 */
	public boolean end(String id, JobStatus from, JobEnding ending) {
		Map<String, Object> set = new LinkedHashMap<>();
		set.put("finished_at", utc(ending.at()));
		if (ending.error() != null) {
			set.put("error_type", ending.error().type().name());
			set.put("error_message", ending.error().message());
		}
		putJson(set, "outputs", ending.outputs());
		putJson(set, "summary", ending.summary());
		putJson(set, "progress", ending.progress());
		putJson(set, "metrics", ending.metrics());
		putJson(set, "streaming", ending.streaming());
		return transition(id, from, ending.status(), ending.at(), set);
	}

	/**
	 * The one way a status changes: {@code from -> to} if that is a legal transition and the job is still in
	 * {@code from}, setting the given columns too (only those with a value, so no database has to guess the type of
	 * a null parameter).
	 * @throws IllegalArgumentException for a transition {@link JobStatus} does not allow
	 */
	private boolean transition(String id, JobStatus from, JobStatus to, Instant at, Map<String, Object> columns) {
		if (!from.canMoveTo(to)) {
			throw new IllegalArgumentException("Illegal job transition " + from + " -> " + to);
		}
		StringBuilder sets = new StringBuilder("status = :to, last_updated = :at, version = version + 1");
		columns.keySet().forEach(column -> sets.append(", ").append(column).append(" = :").append(column));
		return jdbc.sql("UPDATE job SET " + sets + " WHERE id = :id AND status = :from")
			.params(columns)
			.param("id", id)
			.param("from", from.name())
			.param("to", to.name())
			.param("at", utc(at))
			.update() == 1;
	}

	private void putJson(Map<String, Object> columns, String column, Object value) {
		if (value != null) {
			columns.put(column, write(value));
		}
	}

	/**
	 * Records where a running job's Spark work runs: the Spark application and its UI (null when the UI is off);
	 * false if the job is no longer running.
	 */
	public boolean recordSparkApplication(String id, String applicationId, String uiUrl) {
		return jdbc.sql("""
				UPDATE job SET spark_app_id = :app, spark_ui_url = :ui, last_updated = :at
				WHERE id = :id AND status = :running""")
			.param("id", id)
			.param("app", applicationId)
			.param("ui", uiUrl)
			.param("at", utc(now()))
			.param("running", JobStatus.RUNNING.name())
			.update() == 1;
	}

	/**
	 * Records the identity of the inputs a running job is about to read and the key a later job may reuse it
	 * under (null: never); false if the job is no longer running.
	 */
	public boolean recordInputs(String id, Map<String, Object> inputs, String reuseKey) {
		return jdbc.sql("""
				UPDATE job SET inputs = :inputs, reuse_key = :reuseKey, last_updated = :at, version = version + 1
				WHERE id = :id AND status = :running""")
			.param("id", id)
			.param("running", JobStatus.RUNNING.name())
			.param("inputs", inputs.isEmpty() ? null : write(inputs))
			.param("reuseKey", reuseKey)
			.param("at", utc(now()))
			.update() == 1;
	}

	/** SUCCEEDED jobs of the pipeline recorded under the reuse key, newest first. */
	public List<Job> reusable(String pipeline, String reuseKey, int limit) {
		return jdbc.sql("""
				SELECT * FROM job WHERE reuse_key = :reuseKey AND pipeline = :pipeline AND status = :succeeded
				ORDER BY finished_at DESC, id DESC LIMIT :limit""")
			.param("succeeded", JobStatus.SUCCEEDED.name())
			.param("reuseKey", reuseKey)
			.param("pipeline", pipeline)
			.param("limit", limit)
			.query(this::map)
			.list();
	}

	/** The pipeline's latest SUCCEEDED jobs that ran (not reuses), newest first: the history an ETA learns from. */
	public List<Job> succeededRuns(String pipeline, int limit) {
		return jdbc.sql("""
				SELECT * FROM job WHERE pipeline = :pipeline AND status = :succeeded AND reused_job_id IS NULL
				AND started_at IS NOT NULL AND finished_at IS NOT NULL
				ORDER BY finished_at DESC, id DESC LIMIT :limit""")
			.param("succeeded", JobStatus.SUCCEEDED.name())
			.param("pipeline", pipeline)
			.param("limit", limit)
			.query(this::map)
			.list();
	}

	/**
	 * Records a running streaming job's latest figures and current outputs; false if the job is no longer running.
	 */
	public boolean recordStreaming(String id, StreamingStatus streaming, List<PipelineOutput> outputs) {
		return jdbc.sql("""
				UPDATE job SET streaming = :streaming, outputs = :outputs, last_updated = :at
				WHERE id = :id AND status = :running""")
			.param("id", id)
			.param("running", JobStatus.RUNNING.name())
			.param("streaming", write(streaming))
			.param("outputs", write(outputs))
			.param("at", utc(now()))
			.update() == 1;
	}

	/**
	 * Ends every QUEUED or RUNNING job FAILED/INTERRUPTED, each through the transition check: run at start-up, when
	 * no job of this server can be running, and last in a shutdown. Returns the jobs it ended, as they were.
	 */
	public List<Job> interruptUnfinished(Instant at) {
		List<Job> unfinished = jdbc.sql("SELECT * FROM job WHERE status IN (:unfinished) ORDER BY submitted_at")
			.param("unfinished", UNFINISHED)
			.query(this::map)
			.list();
		return unfinished.stream()
			.filter(job -> end(job.id(), job.status(), JobEnding.of(JobStatus.FAILED, at,
					new JobError(JobErrorType.INTERRUPTED, "The server stopped while the job was "
							+ job.status().name().toLowerCase(java.util.Locale.ROOT) + "; submit it again."))))
			.toList();
	}

	/** Only the conditions that apply, so no database has to guess the type of a null parameter. */
	private static String filter(JobStatus status, String pipeline) {
		String where = "1 = 1";
		if (status != null) {
			where += " AND status = :status";
		}
		if (pipeline != null) {
			where += " AND pipeline = :pipeline";
		}
		return where;
	}

	private static Map<String, Object> filterParams(JobStatus status, String pipeline) {
		Map<String, Object> params = new java.util.HashMap<>();
		if (status != null) {
			params.put("status", status.name());
		}
		if (pipeline != null) {
			params.put("pipeline", pipeline);
		}
		return params;
	}

	private Job map(ResultSet rs, int row) throws SQLException {
		String errorType = rs.getString("error_type");
		return new Job(rs.getString("id"), rs.getString("pipeline"), read(rs.getString("params"), MAP),
				JobStatus.valueOf(rs.getString("status")), instant(rs, "submitted_at"), instant(rs, "started_at"),
				instant(rs, "finished_at"), rs.getLong("timeout_seconds"),
				read(rs.getString("progress"), JobProgress.class), read(rs.getString("metrics"), JobMetrics.class),
				errorType == null ? null
						: new JobError(JobErrorType.valueOf(errorType), rs.getString("error_message")),
				read(rs.getString("outputs"), OUTPUTS), read(rs.getString("summary"), MAP), rs.getString("submitted_by"),
				rs.getString("retry_of"), read(rs.getString("streaming"), StreamingStatus.class),
				read(rs.getString("inputs"), MAP), rs.getString("reuse_key"), rs.getString("reused_job_id"),
				rs.getString("spark_app_id") == null ? null
						: new Job.SparkApplication(rs.getString("spark_app_id"), rs.getString("spark_ui_url"),
								rs.getObject("spark_job_id", Integer.class)));
	}

	private static List<String> names(JobStatus... statuses) {
		return java.util.Arrays.stream(statuses).map(JobStatus::name).toList();
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return value == null ? null : value.toInstant();
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
	}

	private String write(Object value) {
		try {
			return json.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot store job data as JSON", ex);
		}
	}

	private <T> T read(String value, Class<T> type) {
		try {
			return value == null ? null : json.readValue(value, type);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Stored job data is not valid JSON", ex);
		}
	}

	private <T> T read(String value, TypeReference<T> type) {
		try {
			return value == null ? null : json.readValue(value, type);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Stored job data is not valid JSON", ex);
		}
	}

}
