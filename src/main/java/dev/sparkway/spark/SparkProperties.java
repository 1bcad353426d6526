package dev.sparkway.spark;

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
 */
@Validated
@ConfigurationProperties("sparkway.spark")
public record SparkProperties(
		@DefaultValue("local[*]") @NotBlank String master,
		@DefaultValue("sparkway") @NotBlank String appName,
		Map<String, String> conf) {

	public SparkProperties {
		conf = conf == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(conf));
	}

}
