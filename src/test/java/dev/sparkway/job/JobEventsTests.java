package dev.sparkway.job;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.sparkway.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.ApplicationEventMulticaster;
import org.springframework.context.support.AbstractApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subscriber to the application's events sees every job's life in order: QUEUED, RUNNING, its progress, its end,
 * and nothing after the end; for a batch job and for a stream alike.
 */
class JobEventsTests extends IntegrationTest {

	@Autowired
	ApplicationContext context;

	private final List<JobEvent> seen = new CopyOnWriteArrayList<>();

	private final ApplicationListener<ApplicationEvent> subscriber = event -> {
		if (event instanceof PayloadApplicationEvent<?> published && published.getPayload() instanceof JobEvent job) {
			seen.add(job);
		}
	};

	private ApplicationEventMulticaster multicaster;

	@BeforeEach
	void subscribe() {
		multicaster = context.getBean(AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME,
				ApplicationEventMulticaster.class);
		multicaster.addApplicationListener(subscriber);
	}

	@AfterEach
	void unsubscribe() {
		multicaster.removeApplicationListener(subscriber);
	}

	@Test
	void aBatchJobIsSeenQueuedRunningProgressingAndSucceededInOrder() {
		writeInput("events/sales.csv", """
				TransactionID,Timestamp,StoreID,ProductID,UserID,Quantity,UnitPrice
				T1,2024-01-01 10:00:00,1,P,U,1,1.0
				T2,2024-01-02 10:00:00,2,P,U,2,3.0
				""");
		String id = runToSuccess("retail-sales", Map.of("salesPath", "events/sales.csv")).get("id").asText();

		List<JobEvent> events = eventsOf(id);
		assertLifecycle(events, "retail-sales", JobStatus.SUCCEEDED);
		List<JobEvent.Progress> progress = progressOf(events);
		assertThat(progress).allSatisfy(p -> {
			assertThat(p.progress()).isNotNull();
			assertThat(p.streaming()).isNull();
		});
		// Published only when the figures changed, and Spark progress never goes back.
		for (int i = 1; i < progress.size(); i++) {
			assertThat(progress.get(i)).isNotEqualTo(progress.get(i - 1));
			assertThat(progress.get(i).progress().fraction()).isGreaterThanOrEqualTo(progress.get(i - 1).progress()
				.fraction());
		}
		JobEvent.Transition end = (JobEvent.Transition) events.get(events.size() - 1);
		assertThat(end.durationMs()).isNotNull().isNotNegative();
		assertThat(end.error()).isNull();
	}

	@Test
	void aStreamIsSeenQueuedRunningProgressingAndSucceededInOrder() {
		writeInput("events/stream/a.jsonl", """
				{"created_at":"Wed Oct 25 10:00:00 +0000 2023","id_str":"1","text":"happy"}
				{"created_at":"Wed Oct 25 10:01:00 +0000 2023","id_str":"2","text":"sad"}
				""");
		String id = runToSuccess("tweet-sentiment", Map.of("path", "events/stream", "trigger", "availableNow"))
			.get("id")
			.asText();

		List<JobEvent> events = eventsOf(id);
		assertLifecycle(events, "tweet-sentiment", JobStatus.SUCCEEDED);
		List<JobEvent.Progress> progress = progressOf(events);
		// A stream's progress events carry its micro-batch figures and the Spark counts of its micro-batches; the
		// fraction stays 0 while it runs (an endless stream has no fraction done).
		assertThat(progress).allSatisfy(p -> {
			assertThat(p.streaming()).isNotNull();
			assertThat(p.progress()).isNotNull();
			assertThat(p.progress().fraction()).isZero();
		});
		assertThat(progress.get(progress.size() - 1).streaming().batchId()).isNotNull();
		assertThat(progress.get(progress.size() - 1).progress().sparkJobs().completed()).isPositive();
		JobEvent.Transition end = (JobEvent.Transition) events.get(events.size() - 1);
		assertThat(end.details()).containsEntry("inputRows", 2L).containsKey("batches");
	}

	/** QUEUED, RUNNING, at least one progress event, then the end, and nothing else. */
	private static void assertLifecycle(List<JobEvent> events, String pipeline, JobStatus end) {
		assertThat(events).allSatisfy(event -> assertThat(event.pipeline()).isEqualTo(pipeline));
		assertThat(events).as("%s", events).hasSizeGreaterThanOrEqualTo(4);
		assertThat(status(events.get(0))).isEqualTo(JobStatus.QUEUED);
		assertThat(status(events.get(1))).isEqualTo(JobStatus.RUNNING);
		assertThat(events.subList(2, events.size() - 1)).as("%s", events)
			.allSatisfy(event -> assertThat(event).isInstanceOf(JobEvent.Progress.class));
		assertThat(status(events.get(events.size() - 1))).isEqualTo(end);
	}

	private static List<JobEvent.Progress> progressOf(List<JobEvent> events) {
		return events.stream().filter(JobEvent.Progress.class::isInstance).map(JobEvent.Progress.class::cast).toList();
	}

	private static JobStatus status(JobEvent event) {
		assertThat(event).isInstanceOf(JobEvent.Transition.class);
		return ((JobEvent.Transition) event).status();
	}

	/** The job's events; its end is recorded (and published) before a GET can show it, so they are all here. */
	private List<JobEvent> eventsOf(String id) {
		return seen.stream().filter(event -> event.jobId().equals(id)).toList();
	}

}
