/**
 * The one shared SparkSession: its configuration, the listener that tracks jobs' progress, and its health.
 */
package dev.sparkway.spark;
