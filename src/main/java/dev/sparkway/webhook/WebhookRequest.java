package dev.sparkway.webhook;

import java.util.List;

import dev.sparkway.job.JobStatus;
import io.swagger.v3.oas.annotations.media.Schema;

/** The {@code webhook} of a submission: where to tell the job's end, and which ends. */
@Schema(description = "Where to POST the job's end, signed (see docs/http-api.md, Webhooks). The host must be in "
		+ "sparkway.webhooks.allowed-hosts.", example = """
		{"url": "https://ci.example.com/hooks/sparkway", "events": ["SUCCEEDED", "FAILED"]}""")
public record WebhookRequest(
		@Schema(description = "http(s) URL; redirects are not followed.",
				example = "https://ci.example.com/hooks/sparkway") String url,
		@Schema(description = "End statuses to deliver; default all three.",
				example = "[\"SUCCEEDED\", \"FAILED\", \"CANCELLED\"]") List<JobStatus> events) {

}
