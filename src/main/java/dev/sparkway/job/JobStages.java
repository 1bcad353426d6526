package dev.sparkway.job;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import dev.sparkway.spark.JobProgressListener;
import dev.sparkway.spark.SparkStage;
import io.swagger.v3.oas.annotations.media.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Spark stages each job ran: live from the {@link JobProgressListener} while the job runs here, and from the
 * job store once it ended (written just before its end is recorded, so they outlive the server). Bounded by the
 * listener: the latest {@value #MAX_STAGES} stage attempts of a job (a stream's micro-batches run on without end).
 */
@Component
public class JobStages {

	/** Stage attempts kept per job; a long stream would otherwise grow the list without end. */
	public static final int MAX_STAGES = SparkStage.MAX_PER_JOB;

	private static final int MAX_NAME_CHARS = 500;

	private static final Logger log = LoggerFactory.getLogger(JobStages.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final JobProgressListener listener;

	JobStages(JdbcClient jdbc, TransactionTemplate transactions, JobProgressListener listener) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.listener = listener;
	}

	/**
	 * The job's stages in the order Spark submitted them: live while it runs here, as stored otherwise (none while
	 * it is queued). Links go to the Spark UI of the application it ran in.
	 */
	public List<Stage> list(Job job) {
		List<SparkStage> stages = job.status() == JobStatus.RUNNING ? listener.stages(job.id()).orElse(null) : null;
		if (stages == null) {
			stages = stored(job.id());
		}
		Job.SparkApplication app = job.sparkApplication();
		return stages.stream().map(stage -> Stage.of(stage, app)).toList();
	}

	/**
	 * Keeps a job's stages and the first Spark job it ran, replacing what was kept: called once its Spark work is
	 * over, before its end is recorded.
	 */
	void record(String jobId, List<SparkStage> stages, Integer firstSparkJob) {
		List<SparkStage> kept = stages.size() <= MAX_STAGES ? stages : stages.subList(0, MAX_STAGES);
		try {
			transactions.executeWithoutResult(status -> {
				jdbc.sql("DELETE FROM job_stage WHERE job_id = :job").param("job", jobId).update();
				int seq = 0;
				for (SparkStage stage : kept) {
					jdbc.sql("""
							INSERT INTO job_stage (job_id, seq, stage_id, attempt, name, status, num_tasks,
								completed_tasks, failed_tasks, submitted_at, completed_at, duration_ms)
							VALUES (:job, :seq, :stage, :attempt, :name, :status, :tasks, :completed, :failed,
								:submitted, :ended, :duration)""")
						.param("job", jobId)
						.param("seq", ++seq)
						.param("stage", stage.stageId())
						.param("attempt", stage.attempt())
						.param("name", cut(stage.name()))
						.param("status", stage.status().name())
						.param("tasks", stage.numTasks())
						.param("completed", stage.completedTasks())
						.param("failed", stage.failedTasks())
						.param("submitted", utc(stage.submittedAt()))
						.param("ended", utc(stage.completedAt()))
						.param("duration", stage.durationMs())
						.update();
				}
				jdbc.sql("UPDATE job SET spark_job_id = :first WHERE id = :job")
					.param("job", jobId)
					.param("first", firstSparkJob)
					.update();
			});
		}
		catch (RuntimeException ex) {
			// The job's end matters more than its stage list.
			log.warn("job={} stages not recorded: {}", jobId, ex.toString());
		}
	}

	private List<SparkStage> stored(String jobId) {
		return jdbc.sql("""
				SELECT stage_id, attempt, name, status, num_tasks, completed_tasks, failed_tasks, submitted_at,
					completed_at, duration_ms
				FROM job_stage WHERE job_id = :job ORDER BY seq""")
			.param("job", jobId)
			.query((rs, n) -> new SparkStage(rs.getInt("stage_id"), rs.getInt("attempt"), rs.getString("name"),
					SparkStage.Status.valueOf(rs.getString("status")), rs.getInt("num_tasks"),
					rs.getInt("completed_tasks"), rs.getInt("failed_tasks"), instant(rs.getObject("submitted_at",
							OffsetDateTime.class)), instant(rs.getObject("completed_at", OffsetDateTime.class)),
					rs.getObject("duration_ms", Long.class)))
			.list();
	}

	private static String cut(String name) {
		String text = name == null ? "" : name;
		return text.length() <= MAX_NAME_CHARS ? text : text.substring(0, MAX_NAME_CHARS - 3) + "...";
	}

	private static OffsetDateTime utc(Instant at) {
		return at == null ? null : OffsetDateTime.ofInstant(at.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
	}

	private static Instant instant(OffsetDateTime at) {
		return at == null ? null : at.toInstant();
	}

	/** One stage attempt of a job, as {@code GET /api/v1/jobs/{id}/stages} answers it. */
	@Schema(description = "A Spark stage attempt the job ran.")
	public record Stage(@Schema(description = "Spark's stage id (numbered per Spark application)", example = "3") int stageId,
			@Schema(description = "0 for the first attempt; a stage re-run after lost shuffle output is a new attempt",
					example = "0") int attempt,
			@Schema(description = "Spark's name for the stage: the action and the code that made it",
					example = "parquet at PipelineContext.java:96") String name,
			@Schema(description = "PENDING: part of a running Spark job, not submitted yet; ACTIVE: running; "
					+ "COMPLETE; FAILED (also when cancelled); SKIPPED: never ran (its output already existed, or "
					+ "its Spark job ended first)", example = "ACTIVE") SparkStage.Status status,
			@Schema(description = "Tasks of the attempt", example = "8") int numTasks,
			@Schema(description = "Tasks that succeeded", example = "5") int completedTasks,
			@Schema(description = "Tasks that failed or were killed", example = "0") int failedTasks,
			@Schema(description = "When Spark submitted it; null while pending or when skipped") Instant submittedAt,
			@Schema(description = "When it ended; null until then") Instant completedAt,
			@Schema(description = "From submission to its end, or to now while active; null when it never ran",
					example = "412") Long durationMs,
			@Schema(description = "This stage attempt's page in the Spark UI (sparkway.spark.ui-public-url as its "
					+ "base when set); null when the UI is off",
					example = "https://spark.example.com/stages/stage/?id=3&attempt=0") String sparkUi) {

		static Stage of(SparkStage stage, Job.SparkApplication app) {
			return new Stage(stage.stageId(), stage.attempt(), stage.name(), stage.status(), stage.numTasks(),
					stage.completedTasks(), stage.failedTasks(), stage.submittedAt(), stage.completedAt(),
					stage.durationMs(), app == null ? null : app.stagePage(stage.stageId(), stage.attempt()));
		}

	}

}
