package dev.sparkway.spark;

/**
 * Published when the shared SparkContext stopped under the running server (a fatal error, or anything calling
 * {@code stop()}), before a new session is built. Listeners end the work that ran on the lost context.
 *
 * @param applicationId the Spark application that was lost
 */
public record SparkContextLostEvent(String applicationId) {
}
