package dev.sparkway.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.sparkway.pipeline.PipelineContext;
import dev.sparkway.pipeline.PipelineOutput;
import dev.sparkway.pipeline.StreamingPipeline;
import dev.sparkway.pipeline.StreamingRun;
import dev.sparkway.spark.JobMetrics;
import dev.sparkway.spark.JobProgress;
import dev.sparkway.spark.JobProgressListener;
import dev.sparkway.spark.StreamingFigures;
import dev.sparkway.spark.StreamingStatus;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream's work: start the query, then watch it, recording its figures and outputs as micro-batches complete,
 * until it ends by itself ({@code availableNow}), fails, or the job is stopped; then stop it. Its outputs are
 * kept however it ends: each version of them is complete.
 * <p>
 * Its Spark progress counts and task metrics are those of every micro-batch so far, from the
 * {@link JobProgressListener} like a batch job's: the query's thread runs them under the query's own job group,
 * but it was started in the job's {@link dev.sparkway.spark.SparkJobScope} and carries the job's id. Their
 * {@code fraction} stays 0 while the stream runs (a stream has no end to measure against) and is 1 only once it
 * succeeded ({@code availableNow}).
 */
final class StreamWork implements JobWork {

	private static final Logger log = LoggerFactory.getLogger(StreamWork.class);

	/** How often the job thread looks at its query: the bound on how late a stop or a new figure is noticed. */
	private static final long WATCH_MS = 200;

	private final Job job;

	private final StreamingPipeline pipeline;

	private final JobStore store;

	private final JobOutputs outputs;

	private final JobProgressListener sparkProgress;

	private final StreamingFigures figures = new StreamingFigures();

	private volatile StreamingRun run;

	StreamWork(Job job, StreamingPipeline pipeline, JobStore store, JobOutputs outputs,
			JobProgressListener sparkProgress) {
		this.job = job;
		this.pipeline = pipeline;
		this.store = store;
		this.outputs = outputs;
		this.sparkProgress = sparkProgress;
	}

	/** The latest micro-batch figures, with the Spark progress of all so far; none before the first report. */
	@Override
	public JobEvent.Progress progress() {
		StreamingStatus now = figures.status();
		return now == StreamingStatus.STARTING ? null
				: new JobEvent.Progress(job.id(), job.pipeline(), sparkProgress().orElse(null), now);
	}

	@Override
	public Job withLiveFigures(Job stored) {
		Job live = stored.withStreaming(figures.status(), currentOutputs());
		Optional<JobProgress> counts = sparkProgress();
		// Empty once the job's end is stored (its figures are forgotten then): the stored ones are the last.
		return counts.isEmpty() ? live
				: live.withLive(counts.get(), sparkProgress.metrics(job.id()).orElse(stored.metrics()));
	}

	/** The listener's counts with a fraction of 0: completed over submitted tasks says nothing of a stream. */
	private Optional<JobProgress> sparkProgress() {
		return sparkProgress.progress(job.id())
			.map(p -> new JobProgress(0.0, p.sparkJobs(), p.stages(), p.tasks()));
	}

	@Override
	public void run(RunningJob running, PipelineContext context) throws Exception {
		// Every session has its own StreamingQueryManager: the listener hears only this job's query.
		context.session().streams().addListener(figures);
		try {
			run = pipeline.start(context);
			StreamingQuery query = run.query();
			try {
				watch(running, query);
			}
			finally {
				stopQuietly(query);
			}
			if (query.exception().isDefined()) {
				throw query.exception().get();
			}
		}
		finally {
			context.session().streams().removeListener(figures);
		}
	}

	/** Records figures as batches complete, until the query ends or the job is asked to stop. */
	private void watch(RunningJob running, StreamingQuery query) throws Exception {
		StreamingStatus recorded = null;
		List<PipelineOutput> recordedOutputs = null;
		while (query.isActive() && running.stopReason() == null) {
			StreamingStatus now = figures.status();
			List<PipelineOutput> current = currentOutputs();
			if (!now.equals(recorded) || !current.equals(recordedOutputs)) {
				store.recordStreaming(job.id(), now, current);
				recorded = now;
				recordedOutputs = current;
			}
			try {
				query.awaitTermination(WATCH_MS);
			}
			catch (StreamingQueryException ex) {
				return; // run() throws query.exception()
			}
		}
	}

	private List<PipelineOutput> currentOutputs() {
		StreamingRun current = run;
		return current == null ? List.of() : current.outputs();
	}

	@Override
	public JobEnding finish(JobOutcome.Decision decision, JobEnding ending, SparkSession session,
			boolean contextLost) {
		StreamingRun started = run;
		List<PipelineOutput> kept = currentOutputs();
		if (started != null) {
			started.close();
		}
		else {
			// It never ran: whatever it began to write is nobody's output.
			outputs.delete(job.id());
		}
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("inputRows", figures.inputRows());
		summary.put("rejectedRows", figures.status().rejectedRows());
		JobProgress last = sparkProgress().orElse(JobProgress.NONE);
		JobMetrics metrics = sparkProgress.metrics(job.id()).orElse(JobMetrics.NONE);
		return ending.withOutputs(kept, summary)
			.withFigures(decision.status() == JobStatus.SUCCEEDED ? last.completed() : last, metrics)
			.withStreaming(figures.status());
	}

	@Override
	public Map<String, Object> endDetails() {
		StreamingStatus last = figures.status();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("batches", last.batchId() == null ? 0 : last.batchId() + 1);
		details.put("inputRows", figures.inputRows());
		details.put("rejectedRows", last.rejectedRows());
		return details;
	}

	private static void stopQuietly(StreamingQuery query) {
		try {
			query.stop();
		}
		catch (Exception ex) {
			log.debug("Stopping a streaming query failed", ex);
		}
	}

}
