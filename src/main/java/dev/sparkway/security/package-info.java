/**
 * API keys and roles: who may read, submit or administer, and who submitted each job.
 */
package dev.sparkway.security;
