package dev.sparkway.spark;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the shared SparkSession runs and the Spark properties it is built with.
 *
 * @param master Spark master URL ({@code local[*]}, {@code spark://host:port})
 * @param appName application name shown in the Spark UI
 * @param conf free map of Spark properties passed to the session builder
 * @param rebuildDelay how long to wait before building a new session when the SparkContext stopped under the
 * server (doubled after each failed attempt, up to a minute)
 */
@Validated
@ConfigurationProperties("sparkway.spark")
public record SparkProperties(
		@DefaultValue("local[*]") @NotBlank String master,
		@DefaultValue("sparkway") @NotBlank String appName,
		Map<String, String> conf,
		@DefaultValue("1s") Duration rebuildDelay) {

	public SparkProperties {
		conf = conf == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(conf));
	}

}
