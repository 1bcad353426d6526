package dev.sparkway.spark;

/**
 * Live progress of one Sparkway job, as seen by {@link JobProgressListener}.
 *
 * @param fraction estimate in 0..1; never decreases; 1.0 only once the job succeeded
 */
public record JobProgress(double fraction, Counts sparkJobs, Counts stages, Counts tasks) {

	public static final JobProgress NONE = new JobProgress(0.0, Counts.NONE, Counts.NONE, Counts.NONE);

	public JobProgress completed() {
		return new JobProgress(1.0, sparkJobs, stages, tasks);
	}

}
