package dev.sparkway.spark;

/**
 * Task metrics of every Spark task a Sparkway job ran, a stream's micro-batches included (tasks are attributed by
 * the job id of {@link SparkJobScope}, so jobs running side by side on the one session are kept apart). Every figure is a sum over the job's tasks except
 * {@code peakExecutionMemoryBytes}, the largest peak of any one task: peaks of tasks that ran at different times
 * do not add up to memory held at once. Stored as JSON; figures missing from jobs recorded before they existed
 * read as 0.
 */
public record JobMetrics(long inputRecords, long inputBytes, long outputRecords, long outputBytes,
		long shuffleReadBytes, long shuffleWriteBytes, long executorRunTimeMs, long executorCpuTimeMs,
		long jvmGcTimeMs, long peakExecutionMemoryBytes, long memoryBytesSpilled, long diskBytesSpilled) {

	public static final JobMetrics NONE = new JobMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

}
