package dev.sparkway.webhook;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/** One attempt of a webhook delivery, as {@code GET /api/v1/jobs/{id}/webhook-deliveries} lists it. */
@Schema(description = "One attempt to deliver a job's end to a webhook.")
public record WebhookAttempt(
		@Schema(description = "Same for every attempt of a delivery (and in its Sparkway-Delivery header): a receiver drops repeats by it.") String deliveryId,
		@Schema(example = "job.succeeded") String type,
		String url,
		@Schema(description = "1, 2, ...; 0 for a delivery that is due and not yet tried") int attempt,
		@Schema(description = "DELIVERED (2xx), PENDING (tried again at nextAttemptAt, or not yet tried), FAILED (given up)",
				allowableValues = { "PENDING", "DELIVERED", "FAILED" }) String status,
		@Schema(description = "The receiver's HTTP status; null when none came (timeout, refused, connection error)") Integer responseCode,
		@Schema(description = "Why it failed, if it did") String error,
		@Schema(description = "When the attempt was made (for attempt 0: when the delivery became due)") Instant at,
		@Schema(description = "When the next attempt is due; null once delivered or given up") Instant nextAttemptAt) {

}
