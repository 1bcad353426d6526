package dev.sparkway.job;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkway.web.HttpProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live job events over Server-Sent Events: every open stream is an {@link SseEmitter} held here, and the
 * {@link JobEvent}s {@link JobTransitions} publishes are fanned out to them. No stream has a thread of its own: an
 * idle stream is an asynchronous request parked in the servlet container. One sender thread writes every event and
 * the keep-alive comments, in the order the events were published.
 * <p>
 * Each event carries the job as {@code GET /api/v1/jobs/{id}} shows it, read on the thread that published the
 * event, right after the change was recorded: a RUNNING event shows the job RUNNING even if it ended a moment later,
 * so no state change is skipped. Progress events come at most every 250 ms per job (the executor's pace).
 */
@Component
public class JobEventStreams implements SmartLifecycle {

	/** Well below the 30-60 s after which proxies commonly close a quiet connection. */
	static final Duration KEEP_ALIVE = Duration.ofSeconds(10);

	static final Duration RETRY_AFTER = Duration.ofSeconds(10);

	private static final Logger log = LoggerFactory.getLogger(JobEventStreams.class);

	private final JobService jobs;

	private final ObjectMapper json;

	private final int capacity;

	private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

	private final AtomicInteger open = new AtomicInteger();

	private final ScheduledExecutorService sender;

	private volatile boolean running;

	JobEventStreams(JobService jobs, ObjectMapper json, HttpProperties properties) {
		this.jobs = jobs;
		this.json = json;
		this.capacity = properties.maxEventStreams();
		this.sender = Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, "sparkway-event-streams");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * A stream of one job's events: the job as it is now at once, then its changes; closed after its end.
	 * @param lastEventId the {@code Last-Event-ID} of a reconnecting client: ids go on from there; null: from 1
	 * @throws NoSuchJobException for an unknown job
	 * @throws EventStreamsAtCapacityException when every stream allowed is open
	 */
	SseEmitter follow(String jobId, Long lastEventId) {
		jobs.get(jobId);
		Subscription subscription = open(jobId, null, null, lastEventId);
		// Subscribed before the job is read: a change from here on reaches it (an older state never follows a
		// newer one). The first send happens on this request thread: Spring sends it as it sets the stream up,
		// committing the response here, never from the sender thread while filters still write headers.
		subscriptions.add(subscription);
		try {
			Job now = jobs.get(jobId);
			subscription.deliver(now.status(), write(now));
		}
		catch (NoSuchJobException deleted) {
			subscription.close();
		}
		return subscription.emitter;
	}

	/**
	 * A stream of every job's events, optionally only one pipeline's or those of jobs in one status; it does not
	 * end.
	 */
	SseEmitter followAll(String pipeline, JobStatus status, Long lastEventId) {
		Subscription subscription = open(null, pipeline, status, lastEventId);
		subscriptions.add(subscription);
		// Sends the response headers now (on this thread, see follow): a client knows it is connected before any
		// job changes.
		subscription.comment("connected");
		return subscription.emitter;
	}

	/** Streams open now. */
	int openStreams() {
		return open.get();
	}

	private Subscription open(String jobId, String pipeline, JobStatus status, Long lastEventId) {
		if (!running) {
			throw new NotAcceptingJobsException("The server is shutting down; reconnect to the restarted server.",
					RETRY_AFTER);
		}
		int now;
		do {
			now = open.get();
			if (now >= capacity) {
				throw new EventStreamsAtCapacityException(capacity, RETRY_AFTER);
			}
		}
		while (!open.compareAndSet(now, now + 1));
		// No timeout: a stream lasts as long as the job (or the client); spring.mvc.async.request-timeout does
		// not apply to it.
		SseEmitter emitter = new SseEmitter(0L);
		Subscription subscription = new Subscription(emitter, jobId, pipeline, status,
				lastEventId == null ? 1 : lastEventId + 1);
		emitter.onCompletion(subscription::released);
		emitter.onTimeout(subscription::released);
		emitter.onError(error -> subscription.released());
		return subscription;
	}

	/**
	 * On the publishing thread, right after the change was recorded: read the job as the API shows it (only when
	 * some stream may want it), then hand the writing to the sender thread.
	 */
	@EventListener
	void on(JobEvent event) {
		if (subscriptions.stream().noneMatch(s -> s.mayWant(event))) {
			return;
		}
		Job job;
		String data;
		try {
			job = jobs.get(event.jobId());
			data = write(job);
		}
		catch (NoSuchJobException deleted) {
			return;
		}
		catch (RuntimeException ex) {
			log.warn("job={} event not streamed: {}", event.jobId(), ex.toString());
			return;
		}
		JobStatus status = job.status();
		try {
			sender.execute(() -> {
				for (Subscription subscription : subscriptions) {
					if (subscription.wants(job.id(), job.pipeline(), status)) {
						subscription.deliver(status, data);
					}
				}
			});
		}
		catch (RejectedExecutionException stopped) {
			// Shut down: every stream is closed already; never fail the job's own transition.
		}
	}

	private String write(Job job) {
		try {
			return json.writeValueAsString(JobController.response(job));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot write a job as JSON", ex);
		}
	}

	private void keepAlive() {
		for (Subscription subscription : subscriptions) {
			subscription.comment("keep-alive");
		}
	}

	@Override
	public void start() {
		sender.scheduleWithFixedDelay(this::keepAlive, KEEP_ALIVE.toMillis(), KEEP_ALIVE.toMillis(),
				TimeUnit.MILLISECONDS);
		running = true;
	}

	/**
	 * Closes every stream once the events already published are written, so a graceful shutdown does not wait
	 * for streams that would never end on their own.
	 */
	@Override
	public void stop() {
		running = false;
		CountDownLatch closed = new CountDownLatch(1);
		sender.execute(() -> {
			subscriptions.forEach(Subscription::close);
			closed.countDown();
		});
		try {
			if (!closed.await(5, TimeUnit.SECONDS)) {
				log.warn("Event streams not all closed within 5 s at shutdown");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		sender.shutdown();
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** After the executor (which publishes the ends of the jobs it stops), before the web server's graceful stop. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 1;
	}

	/** One open stream: what it follows, and the next event id it sends. */
	private final class Subscription {

		private final SseEmitter emitter;

		private final String jobId;

		private final String pipeline;

		private final JobStatus status;

		private long nextId;

		private int lastRank = -1;

		private boolean closed;

		private final AtomicBoolean released = new AtomicBoolean();

		Subscription(SseEmitter emitter, String jobId, String pipeline, JobStatus status, long nextId) {
			this.emitter = emitter;
			this.jobId = jobId;
			this.pipeline = pipeline;
			this.status = status;
			this.nextId = nextId;
		}

		/** A cheap first look, before the job is read: only the job id and pipeline are known. */
		boolean mayWant(JobEvent event) {
			return (jobId == null || jobId.equals(event.jobId()))
					&& (pipeline == null || pipeline.equals(event.pipeline()));
		}

		boolean wants(String id, String jobPipeline, JobStatus jobStatus) {
			return (jobId == null || jobId.equals(id)) && (pipeline == null || pipeline.equals(jobPipeline))
					&& (status == null || status == jobStatus);
		}

		/**
		 * Sends the job; on a one-job stream, never a state older than one already sent (a snapshot that crossed
		 * a newer event), and closes after the end.
		 */
		synchronized void deliver(JobStatus jobStatus, String data) {
			if (closed) {
				return;
			}
			if (jobId != null) {
				int rank = rank(jobStatus);
				if (rank < lastRank) {
					return;
				}
				lastRank = rank;
			}
			try {
				emitter.send(SseEmitter.event().name("job").id(Long.toString(nextId++)).data(data));
			}
			catch (IOException | IllegalStateException gone) {
				// The client left; the container reports it through onError/onCompletion too.
				close();
				return;
			}
			if (jobId != null && jobStatus.isEnded()) {
				close();
			}
		}

		synchronized void comment(String text) {
			if (closed) {
				return;
			}
			try {
				emitter.send(SseEmitter.event().comment(" " + text));
			}
			catch (IOException | IllegalStateException gone) {
				close();
			}
		}

		/**
		 * Ends the stream and frees its place. After a failed write Spring ignores the complete (the container ends
		 * the request once it notices), so the place is freed here, not only in the emitter's callbacks.
		 */
		synchronized void close() {
			if (!closed) {
				closed = true;
				released();
				try {
					emitter.complete();
				}
				catch (RuntimeException alreadyDone) {
					// Completed by the container already.
				}
			}
		}

		void released() {
			subscriptions.remove(this);
			if (released.compareAndSet(false, true)) {
				open.decrementAndGet();
			}
		}

		private static int rank(JobStatus status) {
			return switch (status) {
				case QUEUED -> 0;
				case RUNNING -> 1;
				default -> 2;
			};
		}

	}

}
