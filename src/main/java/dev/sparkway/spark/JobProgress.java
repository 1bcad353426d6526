package dev.sparkway.spark;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Live progress of one Sparkway job, as seen by {@link JobProgressListener}.
 *
 * @param fraction estimate in 0..1; never decreases; 1.0 only once the job succeeded
 * @param etaSeconds estimated seconds left, added when the job is read (job/EtaEstimator); null here
 */
public record JobProgress(double fraction, Counts sparkJobs, Counts stages, Counts tasks,
		@Schema(description = "Estimated seconds left while the job is queued or running: the run time of earlier "
				+ "SUCCEEDED runs of the same pipeline (per input byte, scaled to this job's inputs) times the "
				+ "fraction not done yet; null without such a run, for streams and once the job ended.",
				example = "42") Long etaSeconds) {

	public static final JobProgress NONE = new JobProgress(0.0, Counts.NONE, Counts.NONE, Counts.NONE);

	/** Progress without an estimate. */
	public JobProgress(double fraction, Counts sparkJobs, Counts stages, Counts tasks) {
		this(fraction, sparkJobs, stages, tasks, null);
	}

	public JobProgress completed() {
		return new JobProgress(1.0, sparkJobs, stages, tasks);
	}

	/** The same figures with an estimate of the seconds left. */
	public JobProgress withEtaSeconds(Long eta) {
		return new JobProgress(fraction, sparkJobs, stages, tasks, eta);
	}

}
