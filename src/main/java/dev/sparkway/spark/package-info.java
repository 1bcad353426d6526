/**
 * Spark inside the server: the one shared SparkSession and its watchdog, per-job sessions, the scope that makes
 * Spark work a job's ({@link dev.sparkway.spark.SparkJobScope}), the listeners that track jobs' progress and a
 * stream's figures, and health. Knows Spark, not jobs' records nor pipelines.
 */
package dev.sparkway.spark;
