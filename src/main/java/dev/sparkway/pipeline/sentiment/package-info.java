/**
 * The {@code tweet-sentiment} streaming pipeline: sentiment counts per event-time window, from JSON-lines files or
 * a Kafka topic.
 */
package dev.sparkway.pipeline.sentiment;
