package dev.sparkway.webhook;

import java.util.List;

import dev.sparkway.job.JobService;
import dev.sparkway.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A job's webhook deliveries over HTTP. */
@RestController
@Tag(name = "Jobs")
class WebhookController {

	private final JobService jobs;

	private final WebhookStore store;

	WebhookController(JobService jobs, WebhookStore store) {
		this.jobs = jobs;
		this.store = store;
	}

	@GetMapping(path = "/api/v1/jobs/{id}/webhook-deliveries", produces = "application/json")
	@Operation(summary = "List a job's webhook deliveries",
			description = "Every attempt to POST the job's end to its webhook and to the configured endpoints, "
					+ "oldest first. A delivery that is due and not yet tried is listed once with attempt 0. "
					+ "Empty until the job ended (and for ends no endpoint asked for).")
	@ApiResponse(responseCode = "200", description = "The attempts")
	@ProblemResponses.NotFound
	List<WebhookAttempt> deliveries(@Parameter(description = "Job id, as in the answer to POST /api/v1/jobs",
			example = "3f1c9a6e-2b4d-4f7a-9c1e-5d8b7a6f4e21") @PathVariable String id) {
		jobs.get(id);
		return store.attempts(id);
	}

}
