package dev.sparkway.job;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.swagger.v3.oas.annotations.media.Schema;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.util.QueryExecutionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The Spark SQL executions each job ran, with the physical plan each finally ran (after adaptive query execution
 * re-planned it), kept with the job in the job store so they outlive the server. Recorded by a
 * {@link QueryExecutionListener} on the job's own session (a session per job, so another job's or a preview's
 * queries never count), bounded: the first {@value #MAX_EXECUTIONS} executions of a job, each plan cut at
 * {@value #MAX_PLAN_CHARS} characters.
 */
@Component
public class JobPlans {

	/** Executions kept per job: a batch job runs a handful; a long stream would otherwise grow without end. */
	public static final int MAX_EXECUTIONS = 50;

	/** Characters kept per plan: wide schemas make plans long, and a row should stay a row. */
	public static final int MAX_PLAN_CHARS = 64 * 1024;

	private static final int MAX_DESCRIPTION_CHARS = 500;

	private static final Logger log = LoggerFactory.getLogger(JobPlans.class);

	private final JdbcClient jdbc;

	JobPlans(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Records the SQL executions the job's session runs from now on (it is the job's alone). */
	void recordFrom(String jobId, SparkSession jobSession) {
		jobSession.listenerManager().register(new Recorder(jobId));
	}

	/** The job's recorded executions, in the order they ended. */
	public List<Plan> list(String jobId) {
		return jdbc.sql("""
				SELECT seq, description, succeeded, final_plan, duration_ms, plan, recorded_at
				FROM job_plan WHERE job_id = :id ORDER BY seq""")
			.param("id", jobId)
			.query((rs, n) -> new Plan(rs.getInt("seq"), rs.getString("description"), rs.getBoolean("succeeded"),
					rs.getBoolean("final_plan"), rs.getLong("duration_ms"), rs.getString("plan"),
					rs.getObject("recorded_at", OffsetDateTime.class).toInstant()))
			.list();
	}

	private void insert(String jobId, int seq, String description, boolean succeeded, QueryExecution qe,
			long durationNs) {
		String plan = qe.executedPlan().treeString();
		// An AdaptiveSparkPlan shows the plan it ran once it finished (isFinalPlan=true); a failed or cancelled
		// execution may stop before that and keep its initial plan.
		boolean finalPlan = !plan.contains("isFinalPlan=false");
		try {
			jdbc.sql("""
					INSERT INTO job_plan (job_id, seq, description, succeeded, final_plan, duration_ms, plan, recorded_at)
					VALUES (:job, :seq, :description, :succeeded, :final, :duration, :plan, :at)""")
				.param("job", jobId)
				.param("seq", seq)
				.param("description", cut(description, MAX_DESCRIPTION_CHARS))
				.param("succeeded", succeeded)
				.param("final", finalPlan)
				.param("duration", durationNs / 1_000_000)
				.param("plan", cut(plan, MAX_PLAN_CHARS))
				.param("at", OffsetDateTime.ofInstant(Instant.now().truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC))
				.update();
		}
		catch (RuntimeException ex) {
			// E.g. the job was deleted meanwhile: its plans go with it.
			log.debug("job={} plan {} not recorded: {}", jobId, seq, ex.toString());
		}
	}

	private static String cut(String text, int max) {
		return text.length() <= max ? text : text.substring(0, max - 20) + "\n... (cut)";
	}

	/** What the execution did, e.g. {@code command: InsertIntoHadoopFsRelationCommand file:/…} or {@code collect}. */
	private static String describe(String funcName, QueryExecution qe) {
		String root = qe.logical().simpleString(200);
		int newline = root.indexOf('\n');
		return funcName + ": " + (newline < 0 ? root : root.substring(0, newline));
	}

	/** Hears the job session's executions on Spark's listener bus, in the order they end. */
	private final class Recorder implements QueryExecutionListener {

		private final String jobId;

		private final AtomicInteger seen = new AtomicInteger();

		Recorder(String jobId) {
			this.jobId = jobId;
		}

		@Override
		public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
			record(funcName, qe, true, durationNs);
		}

		@Override
		public void onFailure(String funcName, QueryExecution qe, Exception exception) {
			record(funcName, qe, false, 0);
		}

		private void record(String funcName, QueryExecution qe, boolean succeeded, long durationNs) {
			int seq = seen.incrementAndGet();
			if (seq <= MAX_EXECUTIONS) {
				try {
					insert(jobId, seq, describe(funcName, qe), succeeded, qe, durationNs);
				}
				catch (RuntimeException ex) {
					log.debug("job={} plan {} could not be rendered: {}", jobId, seq, ex.toString());
				}
			}
		}

	}

	/** One SQL execution of a job. */
	@Schema(description = "A Spark SQL execution the job ran.")
	public record Plan(@Schema(description = "1-based, in the order executions ended", example = "1") int seq,
			@Schema(description = "What ran: the Dataset action and the root of its logical plan",
					example = "command: InsertIntoHadoopFsRelationCommand file:/data/output/…/daily_sales, false, [StoreID], Parquet, …") String description,
			@Schema(description = "false when the execution failed or was cancelled") boolean succeeded,
			@Schema(description = "true when every adaptive part of the plan reached its final plan (isFinalPlan=true)") boolean finalPlan,
			@Schema(description = "How long the execution ran, in ms (0 when it failed)") long durationMs,
			@Schema(description = "The physical plan as executed (Spark's tree string)") String plan,
			@Schema(description = "When the execution ended") Instant recordedAt) {
	}

}
