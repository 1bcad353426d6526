package dev.sparkway.job;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.sparkway.pipeline.OutputSpec;
import dev.sparkway.pipeline.ParameterValidator;
import dev.sparkway.pipeline.Pipeline;
import dev.sparkway.pipeline.PipelineOutput;
import dev.sparkway.pipeline.PipelineParams;
import dev.sparkway.pipeline.PipelineRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Submitting, finding, listing and cancelling jobs. Validation happens here, before anything is queued or
 * recorded: an invalid submission leaves no trace.
 */
@Service
public class JobService {

	private static final Logger log = LoggerFactory.getLogger(JobService.class);

	private final JobStore store;

	private final JobRunner runner;

	private final PipelineRegistry pipelines;

	private final ParameterValidator validator;

	private final JobsProperties properties;

	JobService(JobStore store, JobRunner runner, PipelineRegistry pipelines, ParameterValidator validator,
			JobsProperties properties) {
		this.store = store;
		this.runner = runner;
		this.pipelines = pipelines;
		this.validator = validator;
		this.properties = properties;
	}

	/** Jobs left QUEUED or RUNNING by a previous run of the server can never finish: mark them INTERRUPTED. */
	@EventListener(ApplicationStartedEvent.class)
	void recoverInterruptedJobs() {
		List<String> ids = store.interruptUnfinished(JobStore.now());
		for (String id : ids) {
			log.warn("job={} status=FAILED error=INTERRUPTED (the server stopped while it was unfinished)", id);
		}
	}

	/**
	 * Validates and queues a job.
	 * @throws dev.sparkway.pipeline.UnknownPipelineException for an unknown pipeline
	 * @throws dev.sparkway.pipeline.InvalidParametersException listing every parameter problem
	 * @throws QueueFullException when the server is at capacity
	 */
	public Job submit(String pipelineName, Map<String, Object> params, Long timeoutSeconds) {
		Pipeline pipeline = pipelines.get(pipelineName);
		PipelineParams validated = validator.validate(pipeline, params);
		long timeout = timeoutSeconds != null ? timeoutSeconds : properties.defaultTimeout().toSeconds();
		Job job = new Job(UUID.randomUUID().toString(), pipeline.name(), validated.values(), JobStatus.QUEUED,
				JobStore.now(), null, null, timeout, null, null, null, null, null);
		runner.submit(job, pipeline, validated);
		return job;
	}

	public Job get(String id) {
		return runner.withLiveFigures(store.find(id).orElseThrow(() -> new NoSuchJobException(id)));
	}

	public List<Job> list(JobStatus status, String pipeline, int page, int size) {
		return store.page(status, pipeline, page, size).stream().map(runner::withLiveFigures).toList();
	}

	public long count(JobStatus status, String pipeline) {
		return store.count(status, pipeline);
	}

	/**
	 * Cancels a queued job at once, or asks a running one to stop (it reaches CANCELLED shortly).
	 * @throws JobConflictException when the job already ended
	 */
	public Job cancel(String id) {
		Job job = store.find(id).orElseThrow(() -> new NoSuchJobException(id));
		if (job.status() == JobStatus.QUEUED && store.end(id, JobStatus.QUEUED, JobStatus.CANCELLED, JobStore.now(),
				new JobError(JobErrorType.CANCELLED, "Cancelled on request before it started."), null, null, null,
				null)) {
			log.info("job={} pipeline={} status=CANCELLED (while queued)", id, job.pipeline());
			return get(id);
		}
		if (!runner.stop(id, JobErrorType.CANCELLED)) {
			Job now = get(id);
			if (now.status().isEnded()) {
				throw new JobConflictException(
						"Job '" + id + "' already ended with status " + now.status() + "; there is nothing to cancel.");
			}
		}
		return get(id);
	}

	/**
	 * The stored description of a succeeded job's output, checked for preview.
	 * @throws NoSuchOutputException if the pipeline has no such output
	 * @throws JobConflictException unless the job SUCCEEDED
	 * @throws OutputNotPreviewableException for a model output
	 */
	public PreviewTarget previewTarget(String id, String outputName) {
		Job job = get(id);
		Pipeline pipeline = pipelines.get(job.pipeline());
		OutputSpec spec = pipeline.output(outputName)
			.orElseThrow(() -> new NoSuchOutputException(id, outputName,
					pipeline.outputs().stream().map(OutputSpec::name).toList()));
		if (job.status() != JobStatus.SUCCEEDED) {
			throw new JobConflictException("Job '" + id + "' is " + job.status()
					+ "; outputs can be previewed once it has SUCCEEDED.");
		}
		if (!spec.previewable()) {
			throw new OutputNotPreviewableException(outputName, spec.format());
		}
		PipelineOutput output = job.outputs()
			.stream()
			.filter(o -> o.name().equals(outputName))
			.findFirst()
			.orElseThrow(() -> new NoSuchOutputException(id, outputName,
					job.outputs().stream().map(PipelineOutput::name).toList()));
		return new PreviewTarget(output, spec.previewOrder());
	}

	/** A succeeded output and the columns that order its preview. */
	public record PreviewTarget(PipelineOutput output, List<String> order) {
	}

}
