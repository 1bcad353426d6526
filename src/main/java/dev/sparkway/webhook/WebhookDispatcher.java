package dev.sparkway.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Sends due deliveries. One scheduler thread looks for them every {@code poll-interval} (and at once when a job
 * ended); each is sent asynchronously by {@link HttpClient} (no thread per delivery), with a timeout, no redirects
 * followed, and its target's addresses checked again just before. A 2xx delivers it; anything else is tried again
 * after {@code initial-backoff}, doubling up to {@code max-backoff}, until {@code max-attempts}.
 */
@Component
class WebhookDispatcher implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

	/** Deliveries in flight at once; more wait for the next pass. */
	private static final int MAX_IN_FLIGHT = 64;

	private final WebhookStore store;

	private final MeterRegistry meters;

	private final WebhooksProperties properties;

	private final WebhookTargets targets;

	private final HttpClient http;

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "webhook-dispatcher");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicBoolean started = new AtomicBoolean();

	private final AtomicBoolean woken = new AtomicBoolean();

	private final AtomicInteger inFlight = new AtomicInteger();

	WebhookDispatcher(WebhookStore store, WebhooksProperties properties, MeterRegistry meters) {
		this.meters = meters;
		this.store = store;
		this.properties = properties;
		this.targets = WebhookSubscriptions.targets(properties, InetAddress::getAllByName);
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
	}

	/** Starts the passes; once the job store is recovered at start-up. */
	void start() {
		if (started.compareAndSet(false, true)) {
			long every = properties.pollInterval().toMillis();
			scheduler.scheduleWithFixedDelay(this::pass, 0, every, TimeUnit.MILLISECONDS);
		}
	}

	/** A delivery became due: a pass now rather than at the next tick. */
	void wake() {
		if (started.get() && woken.compareAndSet(false, true)) {
			scheduler.execute(() -> {
				woken.set(false);
				pass();
			});
		}
	}

	private void pass() {
		try {
			int room = MAX_IN_FLIGHT - inFlight.get();
			if (room <= 0) {
				return;
			}
			Instant now = now();
			for (WebhookStore.Due due : store.due(now, room)) {
				// In flight until the attempt ends; should this server die, due again once the lease is over.
				Instant lease = now.plus(properties.timeout().multipliedBy(2)).plusSeconds(5);
				if (store.claim(due, lease)) {
					inFlight.incrementAndGet();
					send(due, due.attempts() + 1).whenComplete((ignored, ex) -> inFlight.decrementAndGet());
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Webhook pass failed; the next one tries again: {}", ex.toString());
		}
	}

	private CompletableFuture<Void> send(WebhookStore.Due due, int attempt) {
		URI uri;
		try {
			uri = targets.parse(due.url());
			targets.checkAddresses(uri, true);
		}
		catch (WebhookTargets.RefusedTargetException ex) {
			outcome(due, attempt, null, "refused: " + ex.getMessage());
			return CompletableFuture.completedFuture(null);
		}
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(properties.timeout())
			.header("Content-Type", "application/json")
			.header("User-Agent", "Sparkway-Webhooks")
			.header("Sparkway-Delivery", due.deliveryId())
			.header("Sparkway-Signature",
					WebhookSignature.header(properties.secret(), Instant.now().getEpochSecond(), due.body()))
			.POST(HttpRequest.BodyPublishers.ofString(due.body()))
			.build();
		return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
			.handle((response, ex) -> {
				if (ex != null) {
					Throwable cause = ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null
							? ex.getCause() : ex;
					outcome(due, attempt, null, cause instanceof HttpTimeoutException
							? "no answer within " + properties.timeout().toMillis() + " ms" : cause.toString());
				}
				else {
					outcome(due, attempt, response.statusCode(), response.statusCode() / 100 == 2 ? null
							: "HTTP " + response.statusCode() + (response.statusCode() / 100 == 3
									? " (redirects are not followed)" : ""));
				}
				return null;
			});
	}

	private void outcome(WebhookStore.Due due, int attempt, Integer code, String error) {
		try {
			Instant now = now();
			String status;
			Instant next = null;
			if (error == null) {
				status = WebhookStore.DELIVERED;
			}
			else if (attempt >= properties.maxAttempts()) {
				status = WebhookStore.FAILED;
			}
			else {
				status = WebhookStore.PENDING;
				next = now.plus(backoff(attempt));
			}
			store.recordAttempt(due.deliveryId(), attempt, status, code, error, now, next);
			// One count per attempt: delivered, retrying (failed, tried again later) or failed (given up).
			meters.counter("sparkway.webhook.deliveries", "result",
					next != null ? "retrying" : status.toLowerCase(Locale.ROOT)).increment();
			if (error == null) {
				log.info("job={} webhook {} delivered to {} (attempt {})", due.jobId(), due.type(), due.url(), attempt);
			}
			else {
				log.warn("job={} webhook {} to {} attempt {} failed: {}; {}", due.jobId(), due.type(), due.url(),
						attempt, error, next == null ? "given up" : "next at " + next);
			}
		}
		catch (RuntimeException ex) {
			// The delivery stays PENDING and is tried again once its lease is over.
			log.warn("job={} webhook attempt {} not recorded: {}", due.jobId(), attempt, ex.toString());
		}
	}

	/** The wait after failed attempt {@code n} (1-based): initial-backoff × 2^(n-1), at most max-backoff. */
	Duration backoff(int attempt) {
		Duration wait = properties.initialBackoff();
		for (int i = 1; i < attempt && wait.compareTo(properties.maxBackoff()) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		return wait.compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : wait;
	}

	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MILLIS);
	}

	@Override
	public void destroy() {
		scheduler.shutdownNow();
	}

}
