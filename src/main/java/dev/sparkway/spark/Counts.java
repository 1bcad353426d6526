package dev.sparkway.spark;

/**
 * How many Spark units (jobs, stages or tasks) a Sparkway job has seen, by state.
 */
public record Counts(int total, int active, int completed, int failed) {

	public static final Counts NONE = new Counts(0, 0, 0, 0);

}
