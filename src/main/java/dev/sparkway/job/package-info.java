/**
 * Jobs: their lifecycle and its legal transitions, the job store, the runner that executes pipelines on the
 * shared SparkSession, and the HTTP API over them.
 */
package dev.sparkway.job;
