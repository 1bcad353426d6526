package dev.sparkway.job;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sparkway.webhook.WebhookRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * Body of {@code POST /api/v1/jobs}. A left-out {@code reuse} is not part of the request's idempotency hash, so a
 * key used before the field existed still matches the same body.
 */
@Schema(description = "A job to run.", example = """
		{"pipeline": "retail-sales", "params": {"salesPath": "demo/sales.csv", "badRecords": "drop"}, "timeoutSeconds": 600}""")
public record SubmitJobRequest(
		@Schema(description = "Name of a pipeline from GET /api/v1/pipelines.", example = "retail-sales") @NotBlank String pipeline,
		@Schema(description = "Pipeline parameters by name; any left out take their defaults.") Map<String, Object> params,
		@Schema(description = "Run time after which the job is stopped (FAILED, error TIMEOUT). Defaults to sparkway.jobs.default-timeout.",
				example = "600") @Min(1) @Max(604_800) Long timeoutSeconds,
		@Schema(description = "Take the outputs of the newest earlier SUCCEEDED job of the same pipeline with the same "
				+ "effective parameters (defaults filled in) and unchanged inputs (same path, size, modification time "
				+ "and content hash) instead of running: the job ends SUCCEEDED at once and its reusedJobId names "
				+ "that job. Without a match it runs as usual (reusedJobId null). Batch pipelines only; default false.",
				example = "true", defaultValue = "false")
		@JsonInclude(JsonInclude.Include.NON_NULL) Boolean reuse,
		@Schema(description = "Where to POST the job's end (signed; retried until a 2xx). Its host must be in "
				+ "sparkway.webhooks.allowed-hosts.")
		@JsonInclude(JsonInclude.Include.NON_NULL) WebhookRequest webhook) {

}
