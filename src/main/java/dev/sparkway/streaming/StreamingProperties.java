package dev.sparkway.streaming;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits and sources of streaming jobs.
 *
 * @param maxConcurrent streaming jobs running at the same time; they do not take the batch pipelines' slots, and
 * a submission past this is answered 503 (streaming jobs are never queued)
 * @param kafka where Kafka sources may connect
 */
@Validated
@ConfigurationProperties("sparkway.streaming")
public record StreamingProperties(@DefaultValue("2") @Min(1) @Max(32) int maxConcurrent,
		@DefaultValue @Valid Kafka kafka) {

	/**
	 * @param allowedBootstrapServers every {@code host:port} a job may name in {@code bootstrapServers}; anything
	 * else is refused at submission, so the server cannot be made a client of arbitrary hosts. Empty: no Kafka
	 * source may be used.
	 */
	public record Kafka(List<String> allowedBootstrapServers) {

		public Kafka {
			allowedBootstrapServers = allowedBootstrapServers == null ? List.of()
					: allowedBootstrapServers.stream().map(s -> s.trim().toLowerCase(java.util.Locale.ROOT)).toList();
		}

	}

}
