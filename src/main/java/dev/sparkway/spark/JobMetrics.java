package dev.sparkway.spark;

/**
 * Task metrics summed over every Spark task a Sparkway job ran.
 */
public record JobMetrics(long inputRecords, long inputBytes, long outputRecords, long outputBytes,
		long shuffleReadBytes, long shuffleWriteBytes, long executorRunTimeMs) {

	public static final JobMetrics NONE = new JobMetrics(0, 0, 0, 0, 0, 0, 0);

}
