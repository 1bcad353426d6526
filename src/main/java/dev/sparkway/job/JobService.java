package dev.sparkway.job;

import java.util.List;
import java.util.Map;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.sparkway.dataset.InvalidInputPathException;
import dev.sparkway.pipeline.InvalidParametersException;
import dev.sparkway.pipeline.OutputSpec;
import dev.sparkway.pipeline.ParameterError;
import dev.sparkway.pipeline.ParameterValidator;
import dev.sparkway.pipeline.Pipeline;
import dev.sparkway.pipeline.PipelineOutput;
import dev.sparkway.pipeline.PipelineParams;
import dev.sparkway.pipeline.PipelineRegistry;
import dev.sparkway.pipeline.StreamingPipeline;
import dev.sparkway.webhook.WebhookRequest;
import dev.sparkway.webhook.WebhookSubscriptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Submitting, finding, listing and cancelling jobs. Validation happens here, before anything is queued or
 * recorded: an invalid submission leaves no trace.
 */
@Service
public class JobService {

	private static final Logger log = LoggerFactory.getLogger(JobService.class);

	private final JobStore store;

	private final JobExecutor executor;

	private final JobTransitions transitions;

	private final JobOutputs outputs;

	private final PipelineRegistry pipelines;

	private final ParameterValidator validator;

	private final JobsProperties properties;

	private final InputIdentities identities;

	private final JobReuse reuse;

	private final EtaEstimator eta;

	private final WebhookSubscriptions webhooks;

	JobService(JobStore store, JobExecutor executor, JobTransitions transitions, JobOutputs outputs,
			PipelineRegistry pipelines, ParameterValidator validator, JobsProperties properties,
			InputIdentities identities, JobReuse reuse, EtaEstimator eta, WebhookSubscriptions webhooks) {
		this.eta = eta;
		this.store = store;
		this.executor = executor;
		this.transitions = transitions;
		this.outputs = outputs;
		this.pipelines = pipelines;
		this.validator = validator;
		this.properties = properties;
		this.identities = identities;
		this.reuse = reuse;
		this.webhooks = webhooks;
	}

	/** Jobs left QUEUED or RUNNING by a previous run of the server can never finish: mark them INTERRUPTED. */
	@EventListener(ApplicationStartedEvent.class)
	void recoverInterruptedJobs() {
		for (Job job : transitions.interruptUnfinished()) {
			// Whatever it had half-written is removed; it was never listed as a result.
			outputs.delete(job.id());
		}
	}

	/**
	 * Validates and queues a job. With an idempotency key, a repeat of the caller's earlier request (same key, same
	 * request) returns the job that request created instead of a new one. With {@code reuse}, a job whose pipeline,
	 * effective parameters and inputs match an earlier SUCCEEDED job takes that job's outputs and is returned
	 * SUCCEEDED; without a match it is queued like any other.
	 * @throws dev.sparkway.pipeline.UnknownPipelineException for an unknown pipeline
	 * @throws dev.sparkway.pipeline.InvalidParametersException listing every parameter problem
	 * @throws QueueFullException when the server is at capacity
	 * @throws IdempotencyConflictException when the key was used for a different request
	 */
	public Submitted submit(Submission submission) {
		String key = submission.idempotencyKey();
		if (key != null) {
			if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
				throw new InvalidIdempotencyKeyException();
			}
			Optional<Job> earlier = earlierRequest(submission);
			if (earlier.isPresent()) {
				return new Submitted(earlier.get(), false);
			}
		}
		Validated checked = validate(submission);
		Pipeline pipeline = checked.pipeline();
		PipelineParams validated = checked.params();
		WebhookSubscriptions.Plan webhookPlan = checked.webhookPlan();
		// A stream runs until stopped: only an explicit timeoutSeconds bounds it (0: no limit).
		long timeout = submission.timeoutSeconds() != null ? submission.timeoutSeconds()
				: pipeline instanceof StreamingPipeline ? 0 : properties.defaultTimeout().toSeconds();
		Job job = Job.queued(UUID.randomUUID().toString(), pipeline.name(), validated.values(), timeout,
				submission.submittedBy(), submission.retryOf());
		IdempotencyKey idempotencyKey = key == null ? null
				: new IdempotencyKey(submission.submittedBy(), key, submission.requestHash(), job.id());
		// Written before the job, so its end cannot miss them; forgotten below if no job comes of it.
		webhooks.record(job.id(), webhookPlan);
		try {
			if (submission.reuse()) {
				Optional<Job> reused = reuseEarlierJob(job, pipeline, validated, idempotencyKey);
				if (reused.isPresent()) {
					return new Submitted(reused.get(), true);
				}
			}
			executor.submit(job, pipeline, validated, idempotencyKey);
		}
		catch (DuplicateKeyException ex) {
			webhooks.forget(job.id());
			// A concurrent request with the same key won the insert; answer as a repeat of it.
			return new Submitted(earlierRequest(submission).orElseThrow(() -> ex), false);
		}
		catch (RuntimeException ex) {
			if (store.find(job.id()).isEmpty()) {
				webhooks.forget(job.id());
			}
			throw ex;
		}
		return new Submitted(job, true);
	}

	/**
	 * The checks a submission passes before anything is recorded (a dry run makes the same ones): a known
	 * pipeline, valid parameters and inputs, an allowed webhook.
	 */
	Validated validate(Submission submission) {
		Pipeline pipeline = pipelines.get(submission.pipeline());
		if (submission.reuse() && pipeline instanceof StreamingPipeline) {
			throw new InvalidParametersException(List.of(new ParameterError("reuse", "'" + pipeline.name()
					+ "' is a streaming pipeline, whose outputs depend on when it ran; leave reuse out")));
		}
		PipelineParams validated = validator.validate(pipeline, submission.params());
		return new Validated(pipeline, validated, webhooks.plan(submission.webhook()));
	}

	/** A submission that passed {@link #validate}. */
	record Validated(Pipeline pipeline, PipelineParams params, WebhookSubscriptions.Plan webhookPlan) {
	}

	private Optional<Job> reuseEarlierJob(Job job, Pipeline pipeline, PipelineParams validated,
			IdempotencyKey idempotencyKey) {
		executor.requireAccepting();
		InputIdentities.Identified inputs;
		try {
			inputs = identities.identify(pipeline, validated);
		}
		catch (InvalidInputPathException ex) {
			throw new InvalidParametersException(List.of(new ParameterError("params", ex.getMessage())));
		}
		Optional<Job> reused = reuse.reuse(job.withInputs(inputs.inputs(), inputs.reuseKey()), idempotencyKey);
		if (reused.isEmpty()) {
			log.info("job={} pipeline={} reuse=true: no earlier SUCCEEDED job has the same parameters and inputs; "
					+ "it runs", job.id(), pipeline.name());
		}
		return reused;
	}

	private Optional<Job> earlierRequest(Submission submission) {
		return store.findKey(submission.submittedBy(), submission.idempotencyKey()).flatMap(earlier -> {
			if (!earlier.requestHash().equals(submission.requestHash())) {
				throw new IdempotencyConflictException(submission.idempotencyKey(), earlier.jobId());
			}
			return store.find(earlier.jobId()).map(this::live);
		});
	}

	/**
	 * Submits a new job with an ended job's pipeline, parameters and timeout; the new job records
	 * {@code retryOf}.
	 * @throws JobConflictException while the job is still queued or running
	 */
	public Job retry(String id, String submittedBy) {
		Job job = store.find(id).orElseThrow(() -> new NoSuchJobException(id));
		if (!job.status().isEnded()) {
			throw new JobConflictException("Job '" + id + "' is " + job.status() + "; only an ended job can be retried.");
		}
		return submit(new Submission(job.pipeline(), job.params(), job.timeoutSeconds(), submittedBy, null, null, id,
				false)).job();
	}

	/**
	 * Removes an ended job's record and its outputs.
	 * @throws JobConflictException while the job is queued or running
	 */
	public void delete(String id) {
		Job job = store.find(id).orElseThrow(() -> new NoSuchJobException(id));
		if (!job.status().isEnded() || !store.deleteEnded(id)) {
			throw new JobConflictException(
					"Job '" + id + "' is " + job.status() + "; cancel it and delete it once it has ended.");
		}
		outputs.delete(id);
		log.info("job={} pipeline={} deleted", id, job.pipeline());
	}

	/** Removes ended jobs past the retention period, with their outputs, and expired idempotency keys. */
	@Scheduled(initialDelayString = "${sparkway.jobs.retention-check-interval:1h}",
			fixedDelayString = "${sparkway.jobs.retention-check-interval:1h}")
	public void applyRetention() {
		Instant now = JobStore.now();
		List<String> expired;
		int removed = 0;
		do {
			expired = store.endedBefore(now.minus(properties.retention()), 500);
			for (String id : expired) {
				if (store.deleteEnded(id)) {
					outputs.delete(id);
					removed++;
				}
			}
		}
		while (expired.size() == 500);
		int keys = store.deleteKeysBefore(now.minus(properties.idempotencyKeyTtl()));
		if (removed > 0 || keys > 0) {
			log.info("Retention removed {} ended jobs older than {} and {} expired idempotency keys", removed,
					properties.retention(), keys);
		}
	}

	/**
	 * A request to run a job.
	 *
	 * @param requestHash identifies the request body for idempotency; null without a key
	 * @param reuse whether the outputs of an earlier SUCCEEDED job of the same work may be taken instead of running
	 * @param webhook where to deliver the job's end besides the configured endpoints; null for none
	 */
	public record Submission(String pipeline, Map<String, Object> params, Long timeoutSeconds, String submittedBy,
			String idempotencyKey, String requestHash, String retryOf, boolean reuse, WebhookRequest webhook) {

		public Submission(String pipeline, Map<String, Object> params, Long timeoutSeconds, String submittedBy,
				String idempotencyKey, String requestHash, String retryOf, boolean reuse) {
			this(pipeline, params, timeoutSeconds, submittedBy, idempotencyKey, requestHash, retryOf, reuse, null);
		}

	}

	/** The job a submission led to, and whether it is new (false: the repeat of an earlier request). */
	public record Submitted(Job job, boolean created) {
	}

	public Job get(String id) {
		return live(store.find(id).orElseThrow(() -> new NoSuchJobException(id)));
	}

	public List<Job> list(JobStatus status, String pipeline, int page, int size) {
		return store.page(status, pipeline, page, size).stream().map(this::live).toList();
	}

	/** As the API shows it: a running job's live figures, a queued or running one's ETA. */
	private Job live(Job job) {
		return eta.withEta(executor.withLiveFigures(job));
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
		if (job.status() == JobStatus.QUEUED && transitions.ended(job, JobStatus.QUEUED, null, JobEnding.of(
				JobStatus.CANCELLED, JobStore.now(),
				new JobError(JobErrorType.CANCELLED, "Cancelled on request before it started.")), Map.of())) {
			return get(id);
		}
		if (!executor.stop(id, JobErrorType.CANCELLED)) {
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
		// A streaming job lists its outputs while it runs and after it was stopped; a batch job once it SUCCEEDED.
		boolean listed = job.outputs().stream().anyMatch(o -> o.name().equals(outputName));
		if (job.status() != JobStatus.SUCCEEDED && !listed) {
			throw new JobConflictException("Job '" + id + "' is " + job.status()
					+ (pipeline instanceof StreamingPipeline ? "; its outputs are not written yet."
							: "; outputs can be previewed once it has SUCCEEDED."));
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
