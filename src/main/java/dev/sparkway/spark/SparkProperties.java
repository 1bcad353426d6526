package dev.sparkway.spark;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.apache.spark.SparkContext;

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
 * @param uiPublicUrl the address callers reach the Spark UI at (a reverse proxy, an ingress), e.g.
 * {@code https://spark.example.com}; when set, job and stage links use it instead of the address Spark reports (the
 * driver's host and {@code spark.ui.port}, often unreachable from outside). Without a trailing slash.
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
		@DefaultValue("10") @Min(0) @Max(19) int taskNice,
		String uiPublicUrl) {

	public SparkProperties {
		conf = conf == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(conf));
		authSecret = authSecret == null || authSecret.isBlank() ? null : authSecret;
		uiPublicUrl = publicUrl(uiPublicUrl);
	}

	/**
	 * Where callers reach the Spark UI of this context: the public address when one is set, else the one Spark
	 * reports; null when the UI is off.
	 */
	public String uiAddress(SparkContext context) {
		if (context.uiWebUrl().isEmpty()) {
			return null;
		}
		return uiPublicUrl != null ? uiPublicUrl : context.uiWebUrl().get();
	}

	private static String publicUrl(String url) {
		if (url == null || url.isBlank()) {
			return null;
		}
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			uri = null;
		}
		if (uri == null || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null
				|| !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
			throw new IllegalArgumentException("sparkway.spark.ui-public-url must be an absolute http(s) URL "
					+ "without query or fragment, e.g. https://spark.example.com/ (got '" + url + "')");
		}
		String text = uri.toString();
		return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
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
				+ encryption + ", taskNice=" + taskNice + ", uiPublicUrl=" + uiPublicUrl + "]";
	}

}
