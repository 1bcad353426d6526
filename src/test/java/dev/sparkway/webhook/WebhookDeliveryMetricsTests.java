package dev.sparkway.webhook;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sparkway.support.IntegrationTest;
import dev.sparkway.support.Poll;
import dev.sparkway.support.SlowTestPipeline;

import static dev.sparkway.support.PrometheusScrape.delta;
import static org.assertj.core.api.Assertions.assertThat;

/** Webhook attempts counted by result in {@code /actuator/prometheus}. */
class WebhookDeliveryMetricsTests extends IntegrationTest {

	private final WebhookReceiver receiver = new WebhookReceiver();

	@AfterEach
	void closeReceiver() {
		receiver.close();
	}

	@Test
	void aDeliveryThatSucceedsOnItsSecondAttemptCountsOneRetryAndOneDelivery() {
		String before = scrape();
		receiver.answering(500);

		String id = post("/api/v1/jobs", "{\"pipeline\":\"" + SlowTestPipeline.NAME
				+ "\",\"params\":{\"tasks\":1,\"taskMillis\":0},\"webhook\":{\"url\":\"" + receiver.url("/metrics")
				+ "\"}}").expect(202).body().get("id").asText();
		awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED");
		Poll.until(Duration.ofSeconds(30), "the second attempt", () -> receiver.received().size() >= 2);

		// Other classes' deliveries may still be retrying on the shared server: at least ours are counted.
		Poll.until(Duration.ofSeconds(10), "both attempts counted", () -> {
			String after = scrape();
			return delta(before, after, "sparkway_webhook_deliveries_total", Map.of("result", "retrying")) >= 1
					&& delta(before, after, "sparkway_webhook_deliveries_total", Map.of("result", "delivered")) >= 1;
		});
		assertThat(scrape()).contains("# TYPE sparkway_webhook_deliveries_total counter");
	}

	private String scrape() {
		return get("/actuator/prometheus").expect(200).text();
	}

}
