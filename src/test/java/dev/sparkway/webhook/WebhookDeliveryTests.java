package dev.sparkway.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.support.IntegrationTest;
import dev.sparkway.support.Poll;
import dev.sparkway.support.SlowTestPipeline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhooks end to end over real HTTP: the server POSTs a job's end to a receiver running in the test, signed, and
 * tries again until it gets a 2xx. The suite's server allows 127.0.0.1, tries 4 times, first again after 300 ms.
 */
class WebhookDeliveryTests extends IntegrationTest {

	private final WebhookReceiver receiver = new WebhookReceiver();

	@AfterEach
	void stopReceiver() {
		receiver.close();
	}

	@Test
	void aReceiverGetsTheEndedJobSignedWithTheSecret() throws Exception {
		String id = submitWithWebhook("{\"pipeline\":\"retail-sales\",\"webhook\":{\"url\":\"" + receiver.url("/hook")
				+ "\"}}");
		JsonNode ended = awaitStatus(id, Duration.ofMinutes(3), "SUCCEEDED", "FAILED", "CANCELLED");
		assertThat(ended.get("status").asText()).isEqualTo("SUCCEEDED");

		Poll.until(Duration.ofSeconds(30), "a delivery", () -> !receiver.received().isEmpty());
		WebhookReceiver.Received delivery = receiver.received().get(0);
		assertThat(delivery.path()).isEqualTo("/hook");
		assertThat(delivery.headers().get("content-type")).startsWith("application/json");

		// The signature, checked the way docs/http-api.md tells a receiver to: HMAC-SHA256 over "<t>.<raw body>".
		String signature = delivery.headers().get("sparkway-signature");
		assertThat(signature).matches("t=\\d+,v1=[0-9a-f]{64}");
		String t = signature.substring(2, signature.indexOf(','));
		String v1 = signature.substring(signature.indexOf("v1=") + 3);
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		String expected = HexFormat.of().formatHex(mac.doFinal((t + "." + delivery.body()).getBytes(StandardCharsets.UTF_8)));
		assertThat(v1).isEqualTo(expected);
		assertThat(Long.parseLong(t)).isBetween(Instant.now().minusSeconds(120).getEpochSecond(),
				Instant.now().getEpochSecond());

		JsonNode body = json.readTree(delivery.body());
		assertThat(body.get("type").asText()).isEqualTo("job.succeeded");
		assertThat(body.get("deliveryId").asText()).isEqualTo(delivery.headers().get("sparkway-delivery"));
		assertThat(Instant.parse(body.get("occurredAt").asText())).isEqualTo(Instant.parse(ended.get("finishedAt").asText()));
		assertThat(body.get("job")).isEqualTo(get("/api/v1/jobs/" + id).expect(200).body());

		JsonNode attempts = awaitAttempts(id, 1);
		JsonNode attempt = attempts.get(0);
		assertThat(attempt.get("deliveryId").asText()).isEqualTo(body.get("deliveryId").asText());
		assertThat(attempt.get("type").asText()).isEqualTo("job.succeeded");
		assertThat(attempt.get("url").asText()).isEqualTo(receiver.url("/hook"));
		assertThat(attempt.get("attempt").asInt()).isEqualTo(1);
		assertThat(attempt.get("status").asText()).isEqualTo("DELIVERED");
		assertThat(attempt.get("responseCode").asInt()).isEqualTo(200);
		assertThat(attempt.get("error").isNull()).isTrue();
		assertThat(attempt.get("nextAttemptAt").isNull()).isTrue();
		// Delivered once: nothing more arrives.
		assertThat(receiver.received()).hasSize(1);
	}

	@Test
	void aReceiverThatFailsTwiceGetsTheDeliveryOnTheThirdAttempt() {
		receiver.answering(500, 503);
		String id = submitWithWebhook("{\"pipeline\":\"retail-sales\",\"webhook\":{\"url\":\"" + receiver.url("/flaky")
				+ "\",\"events\":[\"SUCCEEDED\"]}}");
		awaitStatus(id, Duration.ofMinutes(3), "SUCCEEDED");

		JsonNode attempts = awaitAttempts(id, 3);
		assertThat(attempts.findValuesAsText("status")).containsExactly("PENDING", "PENDING", "DELIVERED");
		assertThat(attempts.findValuesAsText("attempt")).containsExactly("1", "2", "3");
		assertThat(attempts.findValuesAsText("responseCode")).containsExactly("500", "503", "200");
		assertThat(attempts.get(0).get("error").asText()).isEqualTo("HTTP 500");
		// Exponential backoff: 300 ms after the first failure, 600 ms after the second.
		Instant first = Instant.parse(attempts.get(0).get("at").asText());
		Instant second = Instant.parse(attempts.get(1).get("at").asText());
		Instant third = Instant.parse(attempts.get(2).get("at").asText());
		assertThat(Instant.parse(attempts.get(0).get("nextAttemptAt").asText())).isEqualTo(first.plusMillis(300));
		assertThat(Instant.parse(attempts.get(1).get("nextAttemptAt").asText())).isEqualTo(second.plusMillis(600));
		assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(Duration.between(second, third)).isGreaterThanOrEqualTo(Duration.ofMillis(600));

		List<WebhookReceiver.Received> received = receiver.received();
		assertThat(received).hasSize(3);
		assertThat(received.stream().map(r -> r.headers().get("sparkway-delivery")).distinct())
			.containsExactly(attempts.get(0).get("deliveryId").asText());
		// Every attempt sends the same body.
		assertThat(received.stream().map(WebhookReceiver.Received::body).distinct()).hasSize(1);
	}

	@Test
	void aRedirectIsNotFollowedAndTheDeliveryIsGivenUpAfterTheLastAttempt() {
		receiver.alwaysAnswering(302);
		String id = submitWithWebhook("{\"pipeline\":\"retail-sales\",\"webhook\":{\"url\":\"" + receiver.url("/moved")
				+ "\"}}");
		awaitStatus(id, Duration.ofMinutes(3), "SUCCEEDED");

		JsonNode attempts = awaitAttempts(id, 4);
		assertThat(attempts.findValuesAsText("status")).containsExactly("PENDING", "PENDING", "PENDING", "FAILED");
		assertThat(attempts.findValuesAsText("responseCode")).containsOnly("302");
		assertThat(attempts.get(3).get("nextAttemptAt").isNull()).isTrue();
		assertThat(attempts.get(3).get("error").asText()).contains("redirects are not followed");
		assertThat(receiver.received()).extracting(WebhookReceiver.Received::path).containsOnly("/moved");
	}

	@Test
	void onlyTheEndsAWebhookAskedForAreDelivered() {
		String cancelled = submitWithWebhook("{\"pipeline\":\"" + SlowTestPipeline.NAME
				+ "\",\"params\":{\"tasks\":1,\"taskMillis\":60000},\"webhook\":{\"url\":\"" + receiver.url("/cancelled")
				+ "\",\"events\":[\"CANCELLED\"]}}");
		String succeeded = submitWithWebhook("{\"pipeline\":\"retail-sales\",\"webhook\":{\"url\":\""
				+ receiver.url("/failures-only") + "\",\"events\":[\"FAILED\"]}}");
		post("/api/v1/jobs/" + cancelled + "/cancel").expect(202);
		awaitStatus(cancelled, Duration.ofMinutes(1), "CANCELLED");
		awaitStatus(succeeded, Duration.ofMinutes(3), "SUCCEEDED");

		assertThat(awaitAttempts(cancelled, 1).get(0).get("type").asText()).isEqualTo("job.cancelled");
		Poll.until(Duration.ofSeconds(30), "the cancelled job's delivery", () -> !receiver.received().isEmpty());
		assertThat(receiver.received()).extracting(WebhookReceiver.Received::path).containsExactly("/cancelled");
		assertThat(get("/api/v1/jobs/" + succeeded + "/webhook-deliveries").expect(200).body()).isEmpty();
	}

	@Test
	void aHostOutsideTheAllowlistIsRefusedAndNoJobIsRecorded() {
		long jobsBefore = get("/api/v1/jobs?pipeline=retail-sales&size=1").expect(200).body().get("total").asLong();
		for (String[] refused : new String[][] { { "https://hooks.example.com/sparkway", "hooks.example.com:443" },
				{ "http://localhost:" + port + "/x", "localhost:" + port },
				{ "http://10.0.0.7:8080/x", "10.0.0.7:8080" } }) {
			Reply reply = post("/api/v1/jobs", "{\"pipeline\":\"retail-sales\",\"webhook\":{\"url\":\"" + refused[0]
					+ "\"}}").expect(400);
			assertThat(reply.contentType()).isEqualTo("application/problem+json");
			assertThat(reply.body().at("/errors/0/field").asText()).isEqualTo("webhook.url");
			assertThat(reply.body().at("/errors/0/message").asText()).contains("'" + refused[1] + "'")
				.contains("sparkway.webhooks.allowed-hosts");
		}
		Reply badEvents = post("/api/v1/jobs", "{\"pipeline\":\"retail-sales\",\"webhook\":{\"url\":\""
				+ receiver.url("/x") + "\",\"events\":[\"RUNNING\"]}}").expect(400);
		assertThat(badEvents.body().at("/errors/0/field").asText()).isEqualTo("webhook.events");
		assertThat(get("/api/v1/jobs?pipeline=retail-sales&size=1").expect(200).body().get("total").asLong())
			.isEqualTo(jobsBefore);
	}

	@Test
	void theDeliveriesOfAnUnknownJobAreNotFound() {
		Reply reply = get("/api/v1/jobs/no-such-job/webhook-deliveries").expect(404);
		assertThat(reply.contentType()).isEqualTo("application/problem+json");
	}

	private String submitWithWebhook(String body) {
		return post("/api/v1/jobs", body).expect(202).body().get("id").asText();
	}

	/** Polls the job's delivery attempts until {@code count} were made and the last one is final or pending. */
	private JsonNode awaitAttempts(String id, int count) {
		JsonNode[] attempts = new JsonNode[1];
		Poll.until(Duration.ofSeconds(60), count + " webhook attempts of job " + id, () -> {
			attempts[0] = get("/api/v1/jobs/" + id + "/webhook-deliveries").expect(200).body();
			return attempts[0].size() >= count && attempts[0].get(attempts[0].size() - 1).get("attempt").asInt() >= 1;
		});
		assertThat(attempts[0]).hasSize(count);
		return attempts[0];
	}

}
