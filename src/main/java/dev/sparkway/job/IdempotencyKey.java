package dev.sparkway.job;

/**
 * A caller's {@code Idempotency-Key}: the job its first request created and that request's hash.
 */
public record IdempotencyKey(String caller, String key, String requestHash, String jobId) {

}
