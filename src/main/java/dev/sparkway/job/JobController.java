package dev.sparkway.job;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import dev.sparkway.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Jobs over HTTP: submit, read, list, cancel, preview outputs.
 */
@RestController
@RequestMapping(path = "/api/v1/jobs", produces = "application/json")
@Tag(name = "Jobs", description = "Run pipelines asynchronously and follow them")
class JobController {

	private final JobService jobs;

	private final OutputPreviewer previewer;

	private final JobDryRun dryRuns;

	private final JobPlans plans;

	private final JobStages stages;

	JobController(JobService jobs, OutputPreviewer previewer, JobDryRun dryRuns, JobPlans plans, JobStages stages) {
		this.jobs = jobs;
		this.stages = stages;
		this.previewer = previewer;
		this.dryRuns = dryRuns;
		this.plans = plans;
	}

	@PostMapping(consumes = "application/json")
	@Operation(summary = "Submit a job",
			description = "Validates the pipeline name, parameters and input files (existence, header columns), "
					+ "then queues the job and answers at once. Poll the Location to follow it. With an "
					+ "Idempotency-Key, repeating the same request returns the original job (200) instead of "
					+ "starting another; the same key with a different body is a 422. With \"reuse\": true, a job "
					+ "whose pipeline, effective parameters and inputs match an earlier SUCCEEDED job takes that "
					+ "job's outputs: the answer (202) is already SUCCEEDED, with reusedJobId naming that job. "
					+ "With dryRun=true nothing is queued or recorded: the body is validated the same way and the "
					+ "answer (200) is a DryRun with the effective parameters, the input sizes and, per output, "
					+ "the physical plan Spark would run (no Spark job runs).")
	@ApiResponse(responseCode = "202", description = "Queued; Location names the job",
			content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json",
					schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = JobResponse.class)))
	@ApiResponse(responseCode = "200", description = "A repeat of an earlier request with the same Idempotency-Key: "
			+ "the job it created; with dryRun=true: a DryRun, what the job would run",
			content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json",
					schema = @io.swagger.v3.oas.annotations.media.Schema(
							oneOf = { JobResponse.class, JobDryRun.DryRun.class })))
	@ProblemResponses.BadRequest
	@ProblemResponses.Unprocessable
	@ProblemResponses.Unavailable
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			schema = @Schema(implementation = SubmitJobRequest.class), examples = {
					@ExampleObject(name = "retail-sales", summary = "retail-sales: daily and monthly sales per store",
							description = "On the demo data, with a 10-minute timeout." + JobApiExamples.DRY_RUN_NOTE,
							value = JobApiExamples.SUBMIT_RETAIL_SALES),
					@ExampleObject(name = "fraud-features", summary = "fraud-features: per-transaction fraud features",
							description = "Counts transactions scoring above 2.0 as high risk. With ?dryRun=true the "
									+ "plan shows the broadcast of each user's latest activity (BroadcastHashJoin).",
							value = JobApiExamples.SUBMIT_FRAUD_FEATURES),
					@ExampleObject(name = "rfm-segmentation", summary = "rfm-segmentation: RFM segments with K-Means",
							description = "Five segments, seeded; {\"autoK\": 8} instead picks the best k in 2..8."
									+ JobApiExamples.DRY_RUN_NOTE,
							value = JobApiExamples.SUBMIT_RFM_SEGMENTATION),
					@ExampleObject(name = "tweet-sentiment (streaming)",
							summary = "tweet-sentiment: a stream that runs until cancelled",
							description = "Counts tweets per 5-minute window and sentiment, a micro-batch every 10 s, "
									+ "until POST /api/v1/jobs/{id}/cancel.",
							value = JobApiExamples.SUBMIT_TWEET_SENTIMENT_STREAMING),
					@ExampleObject(name = "tweet-sentiment (availableNow)",
							summary = "tweet-sentiment over what is there now, ending SUCCEEDED",
							description = "Processes the files present when it starts, then ends by itself: what a CI "
									+ "smoke test uses.",
							value = JobApiExamples.SUBMIT_TWEET_SENTIMENT_AVAILABLE_NOW) }))
	ResponseEntity<?> submit(@Valid @RequestBody SubmitJobRequest request,
			@Parameter(description = "Makes retries of this request safe: at most one job per key (kept at least 24 h)")
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
			@Parameter(description = "Validate and plan only: no job is recorded and no Spark job runs")
			@RequestParam(defaultValue = "false") boolean dryRun,
			@Parameter(hidden = true) Principal principal) throws Exception {
		if (dryRun) {
			return ResponseEntity.ok(dryRuns.plan(new JobService.Submission(request.pipeline(), request.params(),
					request.timeoutSeconds(), caller(principal), null, null, null, Boolean.TRUE.equals(request.reuse()),
					request.webhook())));
		}
		JobService.Submitted submitted = jobs.submit(new JobService.Submission(request.pipeline(), request.params(),
				request.timeoutSeconds(), caller(principal), idempotencyKey,
				idempotencyKey == null ? null : RequestHash.of(request), null, Boolean.TRUE.equals(request.reuse()),
				request.webhook()));
		Job job = submitted.job();
		return ResponseEntity.status(submitted.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
			.location(URI.create(JobResponse.JOBS + job.id()))
			.body(response(job));
	}

	@PostMapping("/{id}/retry")
	@Operation(summary = "Retry a job",
			description = "Submits a new job with an ended job's pipeline, parameters and timeout; the new job's "
					+ "retryOf names the old one. Parameters are validated again (an input may be gone). A retry "
					+ "always runs; it never reuses outputs.")
	@ApiResponse(responseCode = "202", description = "The new job; Location names it")
	@ProblemResponses.BadRequest
	@ProblemResponses.NotFound
	@ProblemResponses.Conflict
	@ProblemResponses.Unavailable
	ResponseEntity<JobResponse> retry(
			@Parameter(description = JobApiExamples.JOB_ID, example = JobApiExamples.JOB_ID_EXAMPLE) @PathVariable String id,
			@Parameter(hidden = true) Principal principal) {
		Job job = jobs.retry(id, caller(principal));
		return ResponseEntity.accepted().location(URI.create(JobResponse.JOBS + job.id())).body(response(job));
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Delete a job", description = "Removes an ended job's record and its outputs.")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ProblemResponses.NotFound
	@ProblemResponses.Conflict
	ResponseEntity<Void> delete(
			@Parameter(description = JobApiExamples.JOB_ID, example = JobApiExamples.JOB_ID_EXAMPLE) @PathVariable String id) {
		jobs.delete(id);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{id}")
	@Operation(summary = "Get a job", description = "Status, live progress and metrics, and once ended its outcome.")
	@ApiResponse(responseCode = "200", description = "The job", content = @Content(mediaType = "application/json",
			schema = @Schema(implementation = JobResponse.class), examples = {
					@ExampleObject(name = "QUEUED", summary = "Waiting for a run slot",
							value = JobApiExamples.JOB_QUEUED),
					@ExampleObject(name = "RUNNING", summary = "Running, with its progress and ETA",
							value = JobApiExamples.JOB_RUNNING),
					@ExampleObject(name = "SUCCEEDED", summary = "Ended well: outputs, summary and links to previews",
							value = JobApiExamples.JOB_SUCCEEDED),
					@ExampleObject(name = "FAILED", summary = "Ended with an error in words (badRecords=fail)",
							value = JobApiExamples.JOB_FAILED),
					@ExampleObject(name = "CANCELLED", summary = "A stream cancelled on request, its outputs kept",
							value = JobApiExamples.JOB_CANCELLED) }))
	@ProblemResponses.NotFound
	JobResponse get(
			@Parameter(description = JobApiExamples.JOB_ID, example = JobApiExamples.JOB_ID_EXAMPLE) @PathVariable String id) {
		return response(jobs.get(id));
	}

	@GetMapping
	@Operation(summary = "List jobs", description = "Newest first, optionally filtered by status and pipeline.")
	@ApiResponse(responseCode = "200", description = "One page of jobs")
	@ProblemResponses.BadRequest
	JobResponse.Page list(@RequestParam(required = false) JobStatus status,
			@RequestParam(required = false) String pipeline,
			@Parameter(description = "0-based page") @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
			@Parameter(description = "1..100") @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		return new JobResponse.Page(jobs.list(status, pipeline, page, size).stream().map(JobController::response).toList(),
				page, size, jobs.count(status, pipeline));
	}

	@PostMapping("/{id}/cancel")
	@Operation(summary = "Cancel a job",
			description = "A queued job is cancelled at once; a running one is stopped (its Spark jobs cancelled) "
					+ "and reaches CANCELLED shortly, its partial output removed.")
	@ApiResponse(responseCode = "202", description = "Cancel accepted; the job as it is now")
	@ProblemResponses.NotFound
	@ProblemResponses.Conflict
	ResponseEntity<JobResponse> cancel(
			@Parameter(description = JobApiExamples.JOB_ID, example = JobApiExamples.JOB_ID_EXAMPLE) @PathVariable String id) {
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(response(jobs.cancel(id)));
	}

	@GetMapping("/{id}/plans")
	@Operation(summary = "A job's Spark plans",
			description = "The Spark SQL executions the job ran, in the order they ended, each with its physical "
					+ "plan as finally executed (after adaptive query execution). Kept with the job across "
					+ "restarts; at most " + JobPlans.MAX_EXECUTIONS + " executions per job, each plan cut at "
					+ JobPlans.MAX_PLAN_CHARS + " characters.")
	@ApiResponse(responseCode = "200", description = "The job's executions (empty while none has ended)")
	@ProblemResponses.NotFound
	PlansResponse plans(
			@Parameter(description = JobApiExamples.JOB_ID, example = JobApiExamples.JOB_ID_EXAMPLE) @PathVariable String id) {
		jobs.get(id);
		return new PlansResponse(id, plans.list(id));
	}

	/** Body of {@code GET /api/v1/jobs/{id}/plans}. */
	record PlansResponse(String jobId, java.util.List<JobPlans.Plan> plans) {
	}

	@GetMapping("/{id}/stages")
	@Operation(summary = "A job's Spark stages",
			description = "The Spark stage attempts the job ran, in the order Spark submitted them (stages its Spark "
					+ "jobs listed but never submitted come last, PENDING while their Spark job runs, SKIPPED after), "
					+ "each with its task counts, times and a link to its page in the Spark UI. Live while the job "
					+ "runs; kept with the job once it ended, across restarts. Empty while the job is queued. At most "
					+ JobStages.MAX_STAGES + " stage attempts per job, the latest ones (a stream's micro-batches run on "
					+ "without end); a new stage pushes out the earliest that ended.")
	@ApiResponse(responseCode = "200", description = "The job's stages")
	@ProblemResponses.NotFound
	StagesResponse stages(
			@Parameter(description = JobApiExamples.JOB_ID, example = JobApiExamples.JOB_ID_EXAMPLE) @PathVariable String id) {
		return new StagesResponse(id, stages.list(jobs.get(id)));
	}

	/** Body of {@code GET /api/v1/jobs/{id}/stages}. */
	record StagesResponse(String jobId, List<JobStages.Stage> stages) {
	}

	@GetMapping("/{id}/outputs/{output}/preview")
	@Operation(summary = "Preview an output",
			description = "The first rows of a succeeded job's Parquet output, in the output's natural order. "
					+ "A streaming job's outputs preview while it runs (as of its last micro-batch) and after it ended.")
	@ApiResponse(responseCode = "200", description = "Up to limit rows")
	@ProblemResponses.BadRequest
	@ProblemResponses.NotFound
	@ProblemResponses.Conflict
	OutputPreviewer.Preview preview(
			@Parameter(description = JobApiExamples.JOB_ID, example = JobApiExamples.JOB_ID_EXAMPLE) @PathVariable String id,
			@Parameter(description = JobApiExamples.OUTPUT, example = JobApiExamples.OUTPUT_EXAMPLE) @PathVariable String output,
			@Parameter(description = "1..1000") @RequestParam(defaultValue = "20") @Min(1) @Max(1000) int limit) {
		JobService.PreviewTarget target = jobs.previewTarget(id, output);
		return previewer.preview(target.output(), target.order(), limit);
	}

	private static String caller(Principal principal) {
		return principal == null ? Job.ANONYMOUS : principal.getName();
	}

	/** The job's JSON, linking to the Spark UI of the application it ran in, as recorded when it started. */
	static JobResponse response(Job job) {
		return JobResponse.of(job);
	}

}
