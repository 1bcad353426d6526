package dev.sparkway.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * Lifecycle of a job: {@code QUEUED -> RUNNING -> SUCCEEDED | FAILED | CANCELLED}; a queued job may also be
 * cancelled or failed before it runs. Ended states are final.
 */
public enum JobStatus {

	QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

	public boolean isEnded() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

	/** The states this one may legally move to. */
	public Set<JobStatus> next() {
		return switch (this) {
			case QUEUED -> EnumSet.of(RUNNING, FAILED, CANCELLED);
			case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLED);
			case SUCCEEDED, FAILED, CANCELLED -> EnumSet.noneOf(JobStatus.class);
		};
	}

	public boolean canMoveTo(JobStatus target) {
		return next().contains(target);
	}

}
