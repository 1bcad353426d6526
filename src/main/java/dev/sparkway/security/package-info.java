/**
 * API keys and roles: who may read, submit or administer (through the API, the actuator and the Spark UI), and who
 * submitted each job.
 */
package dev.sparkway.security;
