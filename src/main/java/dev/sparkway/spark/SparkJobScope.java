package dev.sparkway.spark;

import java.util.Properties;

import org.apache.spark.SparkContext;

/**
 * The Spark thread properties that make Spark work a Sparkway job's: the job id ({@value #JOB_ID}), the job group
 * (with interrupt-on-cancel), the fair-scheduler pool and the call site, set on the calling thread when the scope
 * opens and cleared when it closes. Threads started inside the scope (a streaming query's) inherit them. The one
 * place these Spark property names are spelled; everything that asks "whose Spark work is this?" asks here.
 * <p>
 * Why a property of its own besides the job group: a streaming query's thread inherits the scope's properties but
 * then sets the job group to the query's run id (Spark 3.5's {@code StreamExecution.runStream}, so that stopping
 * the query cancels its micro-batches), so by job group alone a stream's micro-batches belonged to no Sparkway job.
 * The job id property survives: Spark copies a thread's local properties to the threads it starts (the query's
 * thread is made when the query starts, on the job's thread) and touches none but its own, and it reaches every
 * scheduler event of the Spark jobs those threads run. It needs no registration of run ids, so no micro-batch runs
 * before the job knows it and a restarted query (a new run id) stays the job's.
 */
public final class SparkJobScope implements AutoCloseable {

	/** Set by {@link SparkContext#setJobGroup}: the Sparkway job id, except on a streaming query's thread. */
	public static final String JOB_GROUP = "spark.jobGroup.id";

	/** The Sparkway job id, on the job's thread and on those it starts (a streaming query's too). */
	public static final String JOB_ID = "sparkway.job.id";

	/** The fair-scheduler pool a thread's Spark jobs go to. */
	public static final String SCHEDULER_POOL = "spark.scheduler.pool";

	private static final String CALL_SITE_PREFIX = "sparkway-job ";

	/**
	 * Spark's thread property for the long form of the call site ({@code CallSite.LONG_FORM}, private to Spark). The
	 * short form stays Spark's own ("parquet at PipelineContext.java:96"): it names the stages.
	 */
	private static final String CALL_SITE_LONG = "callSite.long";

	private final SparkContext context;

	private final boolean jobScoped;

	private SparkJobScope(SparkContext context, boolean jobScoped) {
		this.context = context;
		this.jobScoped = jobScoped;
	}

	/**
	 * Makes the calling thread's Spark work the job's: its job group (cancelled with the job, tasks interrupted),
	 * a pool of its own (so jobs share the executors fairly) and a call site whose long form tags every RDD it
	 * creates (its short form, which names stages in the API and the Spark UI, stays the line of code).
	 */
	public static SparkJobScope job(SparkContext context, String jobId, String description, String pool) {
		context.setJobGroup(jobId, description, true);
		context.setLocalProperty(JOB_ID, jobId);
		context.setLocalProperty(SCHEDULER_POOL, pool);
		context.setLocalProperty(CALL_SITE_LONG, callSite(jobId));
		return new SparkJobScope(context, true);
	}

	/** Sends the calling thread's Spark work to a scheduler pool, outside any job (previews). */
	public static SparkJobScope pool(SparkContext context, String pool) {
		context.setLocalProperty(SCHEDULER_POOL, pool);
		return new SparkJobScope(context, false);
	}

	/** The job whose scope the calling thread (or the thread that started it) is in; null outside any. */
	public static String currentJob(SparkContext context) {
		String job = context.getLocalProperty(JOB_ID);
		return job != null ? job : context.getLocalProperty(JOB_GROUP);
	}

	/**
	 * The job a Spark scheduler event's properties belong to: its {@value #JOB_ID}, else its job group (Spark work
	 * whose thread set only the group through Spark's own API); null for work outside any job.
	 */
	public static String jobOf(Properties properties) {
		if (properties == null) {
			return null;
		}
		String job = properties.getProperty(JOB_ID);
		return job != null ? job : properties.getProperty(JOB_GROUP);
	}

	/**
	 * Whether a Spark scheduler event's Spark job runs in its Sparkway job's own job group: false for a streaming
	 * query's micro-batches (the query's group), which stopping the query cancels.
	 */
	public static boolean inJobGroup(Properties properties) {
		String job = jobOf(properties);
		return job != null && job.equals(properties.getProperty(JOB_GROUP));
	}

	/**
	 * The long form of the call site RDDs made in a job's scope carry. MLlib persists RDDs of its own while it fits and releases
	 * them only when the fit returns normally; the tag finds those a cancel left behind.
	 */
	public static String callSite(String jobId) {
		return CALL_SITE_PREFIX + jobId;
	}

	@Override
	public void close() {
		if (jobScoped) {
			context.clearCallSite();
			context.clearJobGroup();
			context.setLocalProperty(JOB_ID, null);
		}
		context.setLocalProperty(SCHEDULER_POOL, null);
	}

}
