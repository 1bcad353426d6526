/**
 * Signed webhooks: endpoints told when a job ends, with deliveries kept in the job store and retried until one
 * answers 2xx.
 */
package dev.sparkway.webhook;
