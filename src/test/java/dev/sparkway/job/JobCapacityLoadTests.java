package dev.sparkway.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.sparkway.support.IntegrationTest;
import dev.sparkway.support.Poll;
import dev.sparkway.support.SlowTestPipeline;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many callers at once against a full server: exactly the capacity is accepted, the rest get 503 with
 * Retry-After, every accepted job succeeds, and nothing is left behind.
 */
class JobCapacityLoadTests extends IntegrationTest {

	@Autowired
	JobStore store;

	@Autowired
	JobExecutor runner;

	@Test
	void fiftyConcurrentSubmissionsGetExactlyTheCapacityAccepted() throws Exception {
		// The test server runs 2 jobs and queues 10: 12 places, all free before the burst.
		Poll.until(Duration.ofSeconds(60), "all capacity free", () -> runner.freeCapacity() == 12);
		long recordsBefore = store.count(null, null);
		String body = "{\"pipeline\":\"" + SlowTestPipeline.NAME + "\",\"params\":{\"tasks\":1,\"taskMillis\":1500}}";
		ExecutorService callers = Executors.newFixedThreadPool(50);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Reply>> replies = new ArrayList<>();
		try {
			for (int i = 0; i < 50; i++) {
				replies.add(callers.submit(() -> {
					start.await();
					return post("/api/v1/jobs", body);
				}));
			}
			start.countDown();
			List<String> accepted = new ArrayList<>();
			int refused = 0;
			for (Future<Reply> future : replies) {
				Reply reply = future.get(60, TimeUnit.SECONDS);
				if (reply.status() == 202) {
					accepted.add(reply.body().get("id").asText());
				}
				else {
					assertThat(reply.status()).isEqualTo(503);
					assertThat(reply.contentType()).startsWith("application/problem+json");
					assertThat(reply.headers().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
					refused++;
				}
			}

			assertThat(accepted).hasSize(12).doesNotHaveDuplicates();
			assertThat(refused).isEqualTo(38);
			assertThat(store.count(null, null)).isEqualTo(recordsBefore + 12);
			for (String id : accepted) {
				assertThat(awaitStatus(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED", "CANCELLED").get("status").asText())
					.isEqualTo("SUCCEEDED");
			}
			Poll.until(Duration.ofSeconds(30), "every slot released", () -> runner.freeCapacity() == 12);
		}
		finally {
			callers.shutdownNow();
		}
	}

}
