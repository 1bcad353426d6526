package dev.sparkway.webhook;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkway.support.Poll;
import dev.sparkway.support.ServerProcess;
import dev.sparkway.support.SlowTestPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.web.client.RestClient;

import static dev.sparkway.support.ServerRequests.get;
import static dev.sparkway.support.ServerRequests.submit;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of a real server process with webhook deliveries outstanding: one that its receiver kept
 * refusing, and one for a job that was running (it ends INTERRUPTED at the next start). The next start on the same
 * job store delivers both.
 */
class WebhookRestartTests {

	private static final Map<String, String> WEBHOOKS = Map.of("sparkway.webhooks.secret", "restart-secret",
			"sparkway.webhooks.allowed-hosts", "127.0.0.1", "sparkway.webhooks.initial-backoff", "500ms",
			"sparkway.webhooks.max-backoff", "1s", "sparkway.webhooks.max-attempts", "100",
			"sparkway.webhooks.poll-interval", "200ms", "sparkway.webhooks.timeout", "2s");

	private final ObjectMapper json = new ObjectMapper();

	@TempDir
	Path root;

	@Test
	void aServerKilledWithPendingDeliveriesDeliversThemAfterRestart() throws Exception {
		String refused;
		String running;
		try (WebhookReceiver receiver = new WebhookReceiver().alwaysAnswering(503)) {
			try (ServerProcess server = ServerProcess.start(root, "1g", WEBHOOKS)) {
				RestClient http = server.http();
				refused = submit(http, "{\"pipeline\":\"retail-sales\",\"webhook\":{\"url\":\""
						+ receiver.url("/refused") + "\"}}");
				running = submit(http, "{\"pipeline\":\"" + SlowTestPipeline.NAME
						+ "\",\"params\":{\"tasks\":1,\"taskMillis\":120000},\"webhook\":{\"url\":\""
						+ receiver.url("/running") + "\"}}");
				Poll.until(Duration.ofMinutes(3), "the first job's delivery refused twice", () -> receiver.received()
					.stream()
					.filter(r -> r.path().equals("/refused"))
					.count() >= 2);
				assertThat(get(http, "/api/v1/jobs/" + running).get("status").asText()).isEqualTo("RUNNING");
				JsonNode attempts = get(http, "/api/v1/jobs/" + refused + "/webhook-deliveries");
				assertThat(attempts.get(attempts.size() - 1).get("status").asText()).isEqualTo("PENDING");

				server.kill();
			}
			int beforeRestart = receiver.received().size();
			receiver.alwaysAnswering(200);

			try (ServerProcess restarted = ServerProcess.start(root, "1g", WEBHOOKS)) {
				RestClient http = restarted.http();
				Poll.until(Duration.ofMinutes(1), "both deliveries answered 200 after the restart",
						() -> delivered(receiver, "/refused") && delivered(receiver, "/running"));
				List<WebhookReceiver.Received> after = receiver.received().subList(beforeRestart,
						receiver.received().size());

				JsonNode refusedBody = body(after, "/refused");
				assertThat(refusedBody.get("type").asText()).isEqualTo("job.succeeded");
				assertThat(refusedBody.at("/job/id").asText()).isEqualTo(refused);
				// The same delivery as before the kill: a receiver can drop a repeat by its id.
				String deliveryId = receiver.received().get(0).headers().get("sparkway-delivery");
				assertThat(receiver.received().stream()
					.filter(r -> r.path().equals("/refused"))
					.map(r -> r.headers().get("sparkway-delivery"))
					.distinct()).containsExactly(deliveryId);

				JsonNode runningBody = body(after, "/running");
				assertThat(runningBody.get("type").asText()).isEqualTo("job.failed");
				assertThat(runningBody.at("/job/id").asText()).isEqualTo(running);
				assertThat(runningBody.at("/job/error/type").asText()).isEqualTo("INTERRUPTED");

				Poll.until(Duration.ofSeconds(30), "the deliveries recorded as DELIVERED", () -> {
					JsonNode attempts = get(http, "/api/v1/jobs/" + refused + "/webhook-deliveries");
					return attempts.get(attempts.size() - 1).get("status").asText().equals("DELIVERED");
				});
			}
		}
	}

	private static boolean delivered(WebhookReceiver receiver, String path) {
		return receiver.received().stream().anyMatch(r -> r.path().equals(path) && r.answered() == 200);
	}

	private JsonNode body(List<WebhookReceiver.Received> received, String path) throws Exception {
		return json.readTree(received.stream()
			.filter(r -> r.path().equals(path) && r.answered() == 200)
			.findFirst()
			.orElseThrow()
			.body());
	}

}
