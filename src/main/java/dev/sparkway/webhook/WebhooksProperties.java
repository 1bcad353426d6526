package dev.sparkway.webhook;

import java.time.Duration;
import java.util.List;

import dev.sparkway.job.JobStatus;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where and how job ends are delivered.
 *
 * @param endpoints endpoints told about every job (each with the end statuses it hears about)
 * @param secret the HMAC-SHA256 key of {@code Sparkway-Signature}; webhooks are off without it
 * @param allowedHosts every {@code host} or {@code host:port} a webhook may call; a loopback or private address
 * only when listed itself
 * @param timeout how long one attempt may take (connect, and until the answer's status)
 * @param maxAttempts attempts before a delivery is given up (FAILED)
 * @param initialBackoff the wait after the first failed attempt; it doubles after each further one
 * @param maxBackoff the longest wait between attempts
 * @param pollInterval how often the dispatcher looks for deliveries that are due
 */
@Validated
@ConfigurationProperties("sparkway.webhooks")
public record WebhooksProperties(List<Endpoint> endpoints, String secret,
		List<String> allowedHosts,
		@DefaultValue("10s") @NotNull Duration timeout,
		@DefaultValue("8") @Min(1) @Max(100) int maxAttempts,
		@DefaultValue("10s") @NotNull Duration initialBackoff,
		@DefaultValue("1h") @NotNull Duration maxBackoff,
		@DefaultValue("1s") @NotNull Duration pollInterval) {

	public WebhooksProperties {
		endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
		allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
		secret = secret == null ? "" : secret;
	}

	/** An endpoint of the configuration; {@code events} default to every end status. */
	public record Endpoint(String url, List<JobStatus> events) {
	}

}
