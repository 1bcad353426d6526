package dev.sparkway.job;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How many jobs run and wait at once, and for how long they may run.
 *
 * @param maxConcurrent jobs running at the same time on the shared session
 * @param queueCapacity jobs waiting beyond those; a submission past that is answered 503
 * @param defaultTimeout run time after which a job is stopped, unless its submission sets another
 * @param retryAfter what a 503 tells callers to wait before trying again
 * @param retention ended jobs (records and outputs) older than this are removed
 * @param retentionCheckInterval how often retention runs
 * @param idempotencyKeyTtl how long an Idempotency-Key maps to its job (at least 24 h)
 * @param shutdownGrace on shutdown, how long running jobs may go on before they are stopped as INTERRUPTED
 */
@Validated
@ConfigurationProperties("sparkway.jobs")
public record JobsProperties(@DefaultValue("2") @Min(1) @Max(64) int maxConcurrent,
		@DefaultValue("100") @Min(0) int queueCapacity,
		@DefaultValue("1h") @NotNull Duration defaultTimeout,
		@DefaultValue("10s") @NotNull Duration retryAfter,
		@DefaultValue("30d") @NotNull Duration retention,
		@DefaultValue("1h") @NotNull Duration retentionCheckInterval,
		@DefaultValue("24h") @NotNull Duration idempotencyKeyTtl,
		@DefaultValue("30s") @NotNull Duration shutdownGrace) {

}
