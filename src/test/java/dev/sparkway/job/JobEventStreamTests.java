package dev.sparkway.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.support.IntegrationTest;
import dev.sparkway.support.SlowTestPipeline;
import dev.sparkway.support.SseClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live job events over real HTTP: a one-job stream from QUEUED to its end, a reconnect with Last-Event-ID, an
 * ended job, an unknown job, and the stream of every job with its filters.
 */
class JobEventStreamTests extends IntegrationTest {

	private static final Duration DEADLINE = Duration.ofMinutes(2);

	private final List<String> blockers = new ArrayList<>();

	private final List<SseClient> clients = new ArrayList<>();

	@AfterEach
	void cleanUp() {
		clients.forEach(SseClient::close);
		releaseBlockers();
	}

	@Test
	void aClientSeesQueuedRunningProgressAndSucceededInOrderAndTheStreamCloses() throws Exception {
		String id = queuedBehindBlockers(Map.of("tasks", 4, "taskMillis", 1500));
		SseClient stream = open("/api/v1/jobs/" + id + "/events", "X-API-Key", READ_KEY);
		assertThat(stream.status()).isEqualTo(200);
		assertThat(stream.header("Content-Type")).startsWith("text/event-stream");

		SseClient.Event first = stream.nextEvent(DEADLINE);
		assertThat(first.name()).isEqualTo("job");
		assertThat(first.id()).isEqualTo("1");
		JsonNode queued = json.readTree(first.data());
		assertThat(queued.get("status").asText()).isEqualTo("QUEUED");
		assertThat(queued.get("id").asText()).isEqualTo(id);
		releaseBlockers();

		List<JsonNode> jobs = new ArrayList<>(List.of(queued));
		List<Long> ids = new ArrayList<>(List.of(1L));
		SseClient.Event event;
		while ((event = stream.nextEvent(DEADLINE)) != null) {
			assertThat(event.name()).isEqualTo("job");
			ids.add(Long.parseLong(event.id()));
			jobs.add(json.readTree(event.data()));
		}
		assertThat(stream.ended()).as("the server closed the stream after the end").isTrue();
		List<String> statuses = jobs.stream().map(j -> j.get("status").asText()).toList();
		assertThat(statuses).first().isEqualTo("QUEUED");
		assertThat(statuses).last().isEqualTo("SUCCEEDED");
		assertThat(statuses.stream().distinct().toList()).containsExactly("QUEUED", "RUNNING", "SUCCEEDED");
		assertThat(statuses.stream().filter("SUCCEEDED"::equals)).hasSize(1);
		// Progress events between RUNNING and the end: the fraction rises and never falls.
		List<Double> fractions = jobs.stream()
			.filter(j -> j.get("status").asText().equals("RUNNING"))
			.map(j -> j.at("/progress/fraction").asDouble())
			.toList();
		assertThat(fractions.size()).as("RUNNING, then progress events").isGreaterThanOrEqualTo(2);
		assertThat(fractions).isSorted();
		assertThat(fractions.get(fractions.size() - 1)).isGreaterThan(fractions.get(0));
		assertThat(ids).isSorted().doesNotHaveDuplicates();
		assertThat(ids).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, ids.size()).boxed().toList());
		// The last event is exactly what GET answers for the ended job.
		JsonNode ended = get("/api/v1/jobs/" + id).expect(200).body();
		assertThat(jobs.get(jobs.size() - 1)).isEqualTo(ended);
	}

	@Test
	void aReconnectWithLastEventIdStartsWithTheCurrentJobAndLosesNoStateChange() throws Exception {
		String id = queuedBehindBlockers(Map.of("tasks", 2, "taskMillis", 4000));
		SseClient first = open("/api/v1/jobs/" + id + "/events", "X-API-Key", READ_KEY);
		SseClient.Event queued = first.nextEvent(DEADLINE);
		assertThat(json.readTree(queued.data()).get("status").asText()).isEqualTo("QUEUED");
		first.close();

		releaseBlockers();
		awaitStatus(id, DEADLINE, "RUNNING");
		SseClient again = open("/api/v1/jobs/" + id + "/events", "X-API-Key", READ_KEY, "Last-Event-ID",
				queued.id());
		List<String> statuses = new ArrayList<>(List.of("QUEUED"));
		List<Long> ids = new ArrayList<>(List.of(Long.parseLong(queued.id())));
		SseClient.Event event;
		while ((event = again.nextEvent(DEADLINE)) != null) {
			statuses.add(json.readTree(event.data()).get("status").asText());
			ids.add(Long.parseLong(event.id()));
		}
		assertThat(ids.get(1)).as("ids go on from Last-Event-ID").isEqualTo(ids.get(0) + 1);
		assertThat(ids).isSorted().doesNotHaveDuplicates();
		assertThat(statuses.get(1)).as("the reconnect starts with the job as it is now").isIn("RUNNING");
		assertThat(statuses.stream().distinct().toList()).containsExactly("QUEUED", "RUNNING", "SUCCEEDED");
	}

	@Test
	void anEndedJobGetsOneEventAndTheStreamCloses() throws Exception {
		String id = runToSuccess(SlowTestPipeline.NAME, Map.of("tasks", 1, "taskMillis", 0)).get("id").asText();
		SseClient stream = open("/api/v1/jobs/" + id + "/events", "X-API-Key", READ_KEY);
		SseClient.Event only = stream.nextEvent(DEADLINE);
		assertThat(json.readTree(only.data())).isEqualTo(get("/api/v1/jobs/" + id).expect(200).body());
		assertThat(stream.nextEvent(DEADLINE)).as("closed after the one event").isNull();
	}

	@Test
	void anUnknownJobIs404ProblemJson() {
		Reply reply = exchange(http().get().uri("/api/v1/jobs/no-such-job/events").header("Accept", "text/event-stream"))
			.expect(404);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.body().get("detail").asText()).contains("no-such-job");
	}

	@Test
	void aStreamNeedsAKeyWhenSecurityIsOn() {
		SseClient anonymous = open("/api/v1/jobs/any/events");
		assertThat(anonymous.status()).isEqualTo(401);
	}

	@Test
	void theStreamOfEveryJobKeepsToItsFiltersAndDoesNotEnd() throws Exception {
		SseClient succeeded = open("/api/v1/events?pipeline=" + SlowTestPipeline.NAME + "&status=SUCCEEDED",
				"X-API-Key", READ_KEY);
		SseClient all = open("/api/v1/events", "X-API-Key", READ_KEY);
		assertThat(succeeded.next(DEADLINE).comment()).isEqualTo("connected");
		assertThat(all.next(DEADLINE).comment()).isEqualTo("connected");

		writeInput("sse/sales.csv", """
				TransactionID,Timestamp,StoreID,ProductID,UserID,Quantity,UnitPrice
				T1,2024-01-01 10:00:00,1,P,U,1,1.0
				""");
		String other = runToSuccess("retail-sales", Map.of("salesPath", "sse/sales.csv")).get("id").asText();
		String slow = runToSuccess(SlowTestPipeline.NAME, Map.of("tasks", 1, "taskMillis", 0)).get("id").asText();

		SseClient.Event event = succeeded.nextEvent(DEADLINE);
		JsonNode job = json.readTree(event.data());
		assertThat(event.name()).isEqualTo("job");
		assertThat(job.get("id").asText()).isEqualTo(slow);
		assertThat(job.get("status").asText()).isEqualTo("SUCCEEDED");

		// The unfiltered stream saw both jobs, each from QUEUED to SUCCEEDED, and stays open.
		List<String> seen = new ArrayList<>();
		long lastId = 0;
		while (!seen.contains(slow + " SUCCEEDED")) {
			SseClient.Event next = all.nextEvent(DEADLINE);
			assertThat(Long.parseLong(next.id())).isGreaterThan(lastId);
			lastId = Long.parseLong(next.id());
			JsonNode shown = json.readTree(next.data());
			seen.add(shown.get("id").asText() + " " + shown.get("status").asText());
		}
		assertThat(seen).containsSubsequence(other + " QUEUED", other + " RUNNING", other + " SUCCEEDED",
				slow + " QUEUED", slow + " RUNNING", slow + " SUCCEEDED");
		assertThat(all.ended()).isFalse();
	}

	@Test
	void theStreamsAndTheEstimateAreInTheApiDocument() {
		JsonNode api = get("/v3/api-docs").expect(200).body();
		JsonNode one = api.at("/paths/~1api~1v1~1jobs~1{id}~1events/get");
		assertThat(one.at("/responses/200/content").has("text/event-stream")).isTrue();
		assertThat(one.at("/responses/404").isMissingNode()).isFalse();
		assertThat(one.at("/responses/503/headers/Retry-After").isMissingNode()).isFalse();
		assertThat(api.at("/paths/~1api~1v1~1events/get/responses/200/content").has("text/event-stream")).isTrue();
		assertThat(api.at("/components/schemas/JobProgress/properties/etaSeconds/description").asText())
			.contains("SUCCEEDED runs");
	}

	private SseClient open(String path, String... headers) {
		SseClient client = SseClient.connect("http://localhost:" + port + path, headers);
		clients.add(client);
		return client;
	}

	/** Fills both run slots with slow jobs, then submits one that has to wait. */
	private String queuedBehindBlockers(Map<String, ?> params) {
		for (int i = 0; i < 2; i++) {
			blockers.add(submit(SlowTestPipeline.NAME, Map.of("tasks", 1, "taskMillis", 120_000)));
		}
		for (String blocker : blockers) {
			awaitStatus(blocker, DEADLINE, "RUNNING");
		}
		String id = submit(SlowTestPipeline.NAME, params);
		assertThat(get("/api/v1/jobs/" + id).expect(200).body().get("status").asText()).isEqualTo("QUEUED");
		return id;
	}

	private void releaseBlockers() {
		for (String blocker : blockers) {
			post("/api/v1/jobs/" + blocker + "/cancel");
		}
		for (String blocker : blockers) {
			awaitStatus(blocker, DEADLINE, "CANCELLED", "FAILED", "SUCCEEDED");
		}
		blockers.clear();
	}

}
