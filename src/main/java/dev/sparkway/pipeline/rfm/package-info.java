/**
 * The {@code rfm-segmentation} pipeline: per-user Recency, Frequency and MonetaryValue from the sales CSV,
 * segmented with an MLlib KMeans pipeline whose fitted model is saved with the outputs.
 */
package dev.sparkway.pipeline.rfm;
