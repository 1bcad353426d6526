package dev.sparkway.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The one way a job changes state: each method writes the change through the {@link JobStore} (which checks the
 * transition) and, once it is recorded, publishes it as a {@link JobEvent}. The executor, cancel requests, reuse
 * and start-up recovery all come through here, so every change is seen by every listener, the log included.
 */
@Component
public class JobTransitions {

	private final JobStore store;

	private final ApplicationEventPublisher events;

	JobTransitions(JobStore store, ApplicationEventPublisher events) {
		this.store = store;
		this.events = events;
	}

	/**
	 * Records a new QUEUED job, with the idempotency key that created it if there is one.
	 * @throws org.springframework.dao.DuplicateKeyException when the caller already used the key
	 */
	void queued(Job job, IdempotencyKey key, Map<String, Object> details) {
		if (key == null) {
			store.insert(job);
		}
		else {
			store.insert(job, key);
		}
		events.publishEvent(new JobEvent.Transition(job.id(), job.pipeline(), JobStatus.QUEUED, null, null, details));
	}

	/** QUEUED to RUNNING; false, publishing nothing, if the job is no longer queued (cancelled meanwhile). */
	boolean started(Job job, Instant at, Map<String, Object> details) {
		if (!store.start(job.id(), at)) {
			return false;
		}
		events.publishEvent(new JobEvent.Transition(job.id(), job.pipeline(), JobStatus.RUNNING, null, null, details));
		return true;
	}

	/**
	 * Ends a job that is still in {@code from}; false, publishing nothing, if it had already moved on.
	 * @param startedAt when it started running, null if it never did
	 */
	boolean ended(Job job, JobStatus from, Instant startedAt, JobEnding ending, Map<String, Object> details) {
		if (!store.end(job.id(), from, ending)) {
			return false;
		}
		Long took = startedAt == null ? null : Duration.between(startedAt, ending.at()).toMillis();
		events.publishEvent(new JobEvent.Transition(job.id(), job.pipeline(), ending.status(), took, ending.error(),
				details));
		return true;
	}

	/** A running job's figures changed. */
	void progressed(JobEvent.Progress progress) {
		events.publishEvent(progress);
	}

	/** Ends every job left QUEUED or RUNNING (by a server that stopped) FAILED/INTERRUPTED; returns them. */
	List<Job> interruptUnfinished() {
		List<Job> interrupted = store.interruptUnfinished(JobStore.now());
		for (Job job : interrupted) {
			Job ended = store.find(job.id()).orElse(job);
			events.publishEvent(new JobEvent.Transition(job.id(), job.pipeline(), ended.status(), null, ended.error(),
					Map.of()));
		}
		return interrupted;
	}

}
