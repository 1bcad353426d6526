/**
 * Jobs: their lifecycle and its legal transitions, the job store, the one executor that runs every job (batch or
 * stream) with the outcome table and the events it publishes, and the HTTP API over jobs and the pipeline
 * catalogue. See docs/architecture.md.
 */
package dev.sparkway.job;
