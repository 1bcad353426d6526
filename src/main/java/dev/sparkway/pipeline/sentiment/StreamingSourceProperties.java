package dev.sparkway.pipeline.sentiment;

import java.util.List;

import jakarta.validation.Valid;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the streaming pipeline's sources may connect ({@code sparkway.streaming.kafka.*}).
 *
 * @param kafka where Kafka sources may connect
 */
@Validated
@ConfigurationProperties("sparkway.streaming")
public record StreamingSourceProperties(@DefaultValue @Valid Kafka kafka) {

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
