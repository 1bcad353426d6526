package dev.sparkway.job;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * Body of {@code POST /api/v1/jobs}.
 */
@Schema(description = "A job to run.", example = """
		{"pipeline": "retail-sales", "params": {"salesPath": "demo/sales.csv", "badRecords": "drop"}, "timeoutSeconds": 600}""")
public record SubmitJobRequest(
		@Schema(description = "Name of a pipeline from GET /api/v1/pipelines.", example = "retail-sales") @NotBlank String pipeline,
		@Schema(description = "Pipeline parameters by name; any left out take their defaults.") Map<String, Object> params,
		@Schema(description = "Run time after which the job is stopped (FAILED, error TIMEOUT). Defaults to sparkway.jobs.default-timeout.",
				example = "600") @Min(1) @Max(604_800) Long timeoutSeconds) {

}
