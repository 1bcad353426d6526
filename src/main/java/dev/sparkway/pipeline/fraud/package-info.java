/**
 * The {@code fraud-features} pipeline: per-transaction behavioural features and a risk score.
 */
package dev.sparkway.pipeline.fraud;
