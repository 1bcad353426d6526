package dev.sparkway.spark;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
 * @param authSecret shared secret of Spark's RPC authentication ({@code spark.authenticate}) with a cluster's master,
 * workers and executors (env {@code SPARKWAY_SPARK_AUTH_SECRET}); unused in local mode, where Spark makes one up
 * @param encryption encrypt Spark's RPC and block transfers ({@code spark.network.crypto.enabled}) and the
 * shuffle and spill files on local disks ({@code spark.io.encryption.enabled})
 * @param taskNice in local mode, the {@code nice} value Spark's task threads run at (0 to 19; 0: the server's own),
 * so that HTTP requests get a core at once while pipelines keep every core busy ({@link BackgroundTaskPriority})
 */
@Validated
@ConfigurationProperties("sparkway.spark")
public record SparkProperties(
		@DefaultValue("local[*]") @NotBlank String master,
		@DefaultValue("sparkway") @NotBlank String appName,
		Map<String, String> conf,
		@DefaultValue("1s") Duration rebuildDelay,
		String authSecret,
		@DefaultValue("false") boolean encryption,
		@DefaultValue("10") @Min(0) @Max(19) int taskNice) {

	public SparkProperties {
		conf = conf == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(conf));
		authSecret = authSecret == null || authSecret.isBlank() ? null : authSecret;
	}

	/** Whether the driver runs its executors in its own JVM ({@code local}, {@code local[N]}, ...). */
	public boolean isLocal() {
		return !ApplicationJar.executorsRunElsewhere(master);
	}

	/** Never the secret. */
	@Override
	public String toString() {
		return "SparkProperties[master=" + master + ", appName=" + appName + ", conf=" + conf + ", rebuildDelay="
				+ rebuildDelay + ", authSecret=" + (authSecret == null ? "none" : "(set)") + ", encryption="
				+ encryption + ", taskNice=" + taskNice + "]";
	}

}
