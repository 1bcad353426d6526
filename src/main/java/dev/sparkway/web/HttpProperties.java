package dev.sparkway.web;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the HTTP API.
 *
 * @param maxJsonBody largest JSON request body accepted; larger ones are answered 413 (uploads have their own
 * limit, {@code spring.servlet.multipart.max-file-size})
 * @param maxEventStreams server-sent event streams open at once ({@code /api/v1/jobs/{id}/events},
 * {@code /api/v1/events}); one more is answered 503 {@code at-capacity}
 * @param cors which other origins (browser pages) may call the API
 */
@Validated
@ConfigurationProperties("sparkway.http")
public record HttpProperties(@DefaultValue("64KB") DataSize maxJsonBody,
		@DefaultValue("1000") @Min(1) int maxEventStreams, @DefaultValue @Valid Cors cors) {

	/**
	 * @param allowedOrigins origins (e.g. {@code https://dashboard.example.com}) whose pages may call every
	 * {@code /api/v1} endpoint; empty: the server's own origin only
	 */
	public record Cors(@DefaultValue List<String> allowedOrigins) {

		public Cors {
			allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
		}

	}

}
