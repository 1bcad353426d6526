package dev.sparkway.job;

import java.time.Duration;
import java.util.Optional;

import dev.sparkway.pipeline.BatchPipeline;
import dev.sparkway.pipeline.PipelineContext;
import dev.sparkway.pipeline.PipelineParams;
import dev.sparkway.pipeline.PipelineResult;
import dev.sparkway.spark.JobMetrics;
import dev.sparkway.spark.JobProgress;
import dev.sparkway.spark.JobProgressListener;
import dev.sparkway.spark.SparkSessionHolder;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A batch job's work: identify its inputs, run the pipeline to its end (interruptible), release its caches; keep
 * the outputs only if it succeeded and take it out of reuse if an input changed meanwhile.
 */
final class BatchWork implements JobWork {

	private static final Logger log = LoggerFactory.getLogger(BatchWork.class);

	private final Job job;

	private final BatchPipeline pipeline;

	private final PipelineParams params;

	private final JobStore store;

	private final InputIdentities identities;

	private final JobProgressListener progress;

	private final SparkSessionHolder spark;

	private final JobOutputs outputs;

	private InputIdentities.Identified inputs;

	private PipelineResult result;

	BatchWork(Job job, BatchPipeline pipeline, PipelineParams params, JobStore store, InputIdentities identities,
			JobProgressListener progress, SparkSessionHolder spark, JobOutputs outputs) {
		this.job = job;
		this.pipeline = pipeline;
		this.params = params;
		this.store = store;
		this.identities = identities;
		this.progress = progress;
		this.spark = spark;
		this.outputs = outputs;
	}

	@Override
	public void run(RunningJob running, PipelineContext context) throws Exception {
		// Before Spark reads them: the identity of the inputs these outputs are computed from.
		inputs = identities.identify(pipeline, params);
		store.recordInputs(job.id(), inputs.inputs(), inputs.reuseKey());
		running.enterPipeline();
		try {
			result = pipeline.run(context);
		}
		finally {
			running.leavePipeline();
			releaseCaches(context);
		}
	}

	@Override
	public JobEvent.Progress progress() {
		return progress.progress(job.id())
			.map(now -> new JobEvent.Progress(job.id(), job.pipeline(), now, null))
			.orElse(null);
	}

	@Override
	public Job withLiveFigures(Job stored) {
		Optional<JobProgress> live = progress.progress(stored.id());
		if (live.isEmpty()) {
			// It ended between the caller's read and this look-up (its figures are forgotten once its end is
			// stored): the stored record has the final ones, where the earlier read would show no progress at all.
			return store.find(stored.id()).orElse(stored);
		}
		return stored.withLive(live.get(), progress.metrics(stored.id()).orElse(stored.metrics()));
	}

	@Override
	public JobEnding finish(JobOutcome.Decision decision, JobEnding ending, SparkSession session,
			boolean contextLost) {
		JobProgress last = progress.progress(job.id()).orElse(JobProgress.NONE);
		JobMetrics metrics = progress.metrics(job.id()).orElse(JobMetrics.NONE);
		if (decision.keepOutputs()) {
			forgetIfInputsChanged();
			return ending.withOutputs(result.outputs(), result.summary()).withFigures(last.completed(), metrics);
		}
		if (contextLost) {
			// The lost local executor's tasks run on and may still write: remove the output now, and again once
			// they have ended, without holding the job's record back until then.
			spark.whenTasksEnded(session.sparkContext(), () -> outputs.delete(job.id()));
		}
		else {
			awaitSparkQuiet();
		}
		outputs.delete(job.id());
		return ending.withFigures(last, metrics);
	}

	/** Releases the job's caches; on a stopped context there is nothing left to release. */
	private static void releaseCaches(PipelineContext context) {
		try {
			if (!context.session().sparkContext().isStopped()) {
				context.releaseCaches();
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not release the caches of a job: {}", ex.toString());
		}
	}

	/**
	 * An input written while the job read it may have given outputs that match neither version: such a job is
	 * never reused. (Hashes of unchanged files are remembered, so this check costs a few file-system calls.)
	 */
	private void forgetIfInputsChanged() {
		String after;
		try {
			after = identities.identify(pipeline, params).reuseKey();
		}
		catch (RuntimeException ex) {
			after = null;
		}
		if (!inputs.reuseKey().equals(after)) {
			store.recordInputs(job.id(), inputs.inputs(), null);
			log.warn("job={} pipeline={} an input changed while the job ran; its outputs will not be reused", job.id(),
					job.pipeline());
		}
	}

	/** Killed tasks may still be writing; removing the output before they stop could leave files behind. */
	private void awaitSparkQuiet() {
		try {
			if (!progress.awaitQuiet(job.id(), Duration.ofSeconds(30))) {
				log.warn("job={} still has Spark tasks running 30 s after it stopped", job.id());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
