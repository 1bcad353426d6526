package dev.sparkway.webhook;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkway.StartupConfigurationException;
import dev.sparkway.job.Job;
import dev.sparkway.job.JobEvent;
import dev.sparkway.job.JobResponse;
import dev.sparkway.job.JobStatus;
import dev.sparkway.job.JobStore;
import dev.sparkway.pipeline.InvalidParametersException;
import dev.sparkway.pipeline.ParameterError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Which endpoints hear about a job, from its submission to its end. At submission the job's deliveries (its own
 * {@code webhook} and the configured endpoints) are written WAITING before the job itself, so no end can miss
 * them; its end (a {@link JobEvent.Transition}) fixes each delivery's body and makes it due, and a start-up pass does
 * the same for ends that a crash kept from their listener. Sending is the {@link WebhookDispatcher}'s.
 */
@Component
public class WebhookSubscriptions {

	private static final Logger log = LoggerFactory.getLogger(WebhookSubscriptions.class);

	private static final Set<JobStatus> ENDS = EnumSet.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED);

	private final WebhookStore store;

	private final JobStore jobs;

	private final WebhookTargets targets;

	private final WebhookDispatcher dispatcher;

	private final ObjectMapper json;

	private final WebhooksProperties properties;

	WebhookSubscriptions(WebhookStore store, JobStore jobs, WebhookDispatcher dispatcher, ObjectMapper json,
			WebhooksProperties properties) {
		this.store = store;
		this.jobs = jobs;
		this.dispatcher = dispatcher;
		this.json = json;
		this.properties = properties;
		this.targets = targets(properties, InetAddress::getAllByName);
		checkEndpoints();
	}

	/** The allowed hosts, and the hosts of the configured endpoints, which the operator chose. */
	static WebhookTargets targets(WebhooksProperties properties, WebhookTargets.Resolver resolver) {
		List<String> allowed = new ArrayList<>(properties.allowedHosts());
		for (WebhooksProperties.Endpoint endpoint : properties.endpoints()) {
			try {
				java.net.URI uri = java.net.URI.create(endpoint.url());
				if (uri.getHost() != null) {
					allowed.add(uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
				}
			}
			catch (IllegalArgumentException ex) {
				// Reported by checkEndpoints.
			}
		}
		return new WebhookTargets(allowed, resolver);
	}

	WebhookTargets targets() {
		return targets;
	}

	private void checkEndpoints() {
		if (!properties.endpoints().isEmpty() && properties.secret().isBlank()) {
			throw new StartupConfigurationException("sparkway.webhooks.secret",
					"sparkway.webhooks.endpoints are configured but sparkway.webhooks.secret is empty.",
					"Set sparkway.webhooks.secret to a random string shared with the receivers.");
		}
		for (int i = 0; i < properties.endpoints().size(); i++) {
			WebhooksProperties.Endpoint endpoint = properties.endpoints().get(i);
			try {
				targets.parse(endpoint.url());
				events("sparkway.webhooks.endpoints[" + i + "].events", endpoint.events());
			}
			catch (WebhookTargets.RefusedTargetException | InvalidParametersException ex) {
				throw new StartupConfigurationException("sparkway.webhooks.endpoints[" + i + "]",
						"sparkway.webhooks.endpoints[" + i + "] is not usable: " + ex.getMessage(),
						"Give it an http(s) URL and events among " + ENDS + ".");
			}
		}
	}

	/** The deliveries a job will have, not yet bound to it. */
	public record Plan(List<WebhooksProperties.Endpoint> endpoints) {
	}

	/**
	 * Checks a submission's webhook (if any) and returns the endpoints the job will be delivered to: it and the
	 * configured ones.
	 * @throws InvalidParametersException naming the field and, for a host not allowed, the host
	 */
	public Plan plan(WebhookRequest webhook) {
		List<WebhooksProperties.Endpoint> endpoints = new ArrayList<>(properties.endpoints());
		if (webhook != null) {
			if (properties.secret().isBlank()) {
				throw invalid("webhook", "Webhooks are off on this server (sparkway.webhooks.secret is not set); "
						+ "leave webhook out.");
			}
			if (webhook.url() == null || webhook.url().isBlank()) {
				throw invalid("webhook.url", "Give the URL to POST the job's end to.");
			}
			List<JobStatus> events = events("webhook.events", webhook.events());
			try {
				targets.checkAddresses(targets.parse(webhook.url()), false);
			}
			catch (WebhookTargets.RefusedTargetException ex) {
				throw invalid("webhook.url", ex.getMessage());
			}
			endpoints.add(new WebhooksProperties.Endpoint(webhook.url(), events));
		}
		return new Plan(endpoints);
	}

	private static List<JobStatus> events(String field, List<JobStatus> events) {
		if (events == null) {
			return List.copyOf(ENDS);
		}
		if (events.isEmpty() || !ENDS.containsAll(events)) {
			throw invalid(field, "Name one or more of SUCCEEDED, FAILED, CANCELLED (default: all three); got "
					+ events + ".");
		}
		return events;
	}

	private static InvalidParametersException invalid(String field, String message) {
		return new InvalidParametersException(List.of(new ParameterError(field, message)));
	}

	/** Writes the job's deliveries, WAITING for its end: before the job itself is recorded. */
	public void record(String jobId, Plan plan) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		for (WebhooksProperties.Endpoint endpoint : plan.endpoints()) {
			String events = events("events", endpoint.events()).stream().map(Enum::name).collect(Collectors.joining(","));
			store.insertWaiting(new WebhookStore.Waiting(UUID.randomUUID().toString(), jobId, endpoint.url(), events),
					now);
		}
	}

	/** The submission did not lead to a job: forgets its deliveries. */
	public void forget(String jobId) {
		store.dropWaitingOf(jobId);
	}

	/**
	 * A job ended: each of its deliveries whose endpoint asked for this end is made due, the others removed. On the
	 * thread of the transition, after it was recorded: a few small writes, then the dispatcher takes over.
	 */
	@EventListener
	void onTransition(JobEvent.Transition transition) {
		if (!ENDS.contains(transition.status())) {
			return;
		}
		try {
			if (activate(transition.jobId())) {
				dispatcher.wake();
			}
		}
		catch (RuntimeException ex) {
			// Never fail the job's transition; the start-up pass makes these deliveries due.
			log.error("job={} webhook deliveries not yet due: {}", transition.jobId(), ex.toString());
		}
	}

	/** Ends a crash kept from their deliveries, and waiting deliveries of submissions that never became jobs. */
	@EventListener(ApplicationStartedEvent.class)
	void reconcile() {
		List<String> ended = ENDS.stream().map(Enum::name).toList();
		for (String jobId : store.endedJobsWithWaitingDeliveries(ended)) {
			activate(jobId);
		}
		store.dropOrphans(Instant.now().minus(Duration.ofMinutes(10)));
		dispatcher.start();
	}

	/** Forgets the finished deliveries of jobs that were deleted or went past retention. */
	@Scheduled(initialDelayString = "${sparkway.jobs.retention-check-interval:1h}",
			fixedDelayString = "${sparkway.jobs.retention-check-interval:1h}")
	void applyRetention() {
		int removed = store.deleteFinishedOfRemovedJobs();
		if (removed > 0) {
			log.info("Retention removed {} finished webhook deliveries of removed jobs", removed);
		}
	}

	private boolean activate(String jobId) {
		List<WebhookStore.Waiting> waiting = store.waiting(jobId);
		if (waiting.isEmpty()) {
			return false;
		}
		Job job = jobs.find(jobId).orElse(null);
		if (job == null || !job.status().isEnded()) {
			return false;
		}
		boolean any = false;
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		for (WebhookStore.Waiting delivery : waiting) {
			if (Arrays.asList(delivery.events().split(",")).contains(job.status().name())) {
				String type = "job." + job.status().name().toLowerCase(Locale.ROOT);
				any |= store.activate(delivery.deliveryId(), type, body(type, delivery.deliveryId(), job), now);
			}
			else {
				store.dropWaiting(delivery.deliveryId());
			}
		}
		return any;
	}

	private String body(String type, String deliveryId, Job job) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", type);
		body.put("deliveryId", deliveryId);
		body.put("occurredAt", job.finishedAt());
		body.put("job", JobResponse.of(job));
		try {
			return json.writeValueAsString(body);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot write the webhook body", ex);
		}
	}

}
