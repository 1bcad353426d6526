package dev.sparkway.security;

import java.util.Arrays;
import java.util.Optional;

import org.apache.spark.SparkConf;

/**
 * Who may use the Spark UI (port 4040) and its REST API: with {@code sparkway.security.enabled} every page needs an
 * API key with {@code read}, and killing a job or stage from the UI (off unless {@code spark.ui.killEnabled=true})
 * needs {@code admin}. {@link #applyTo} installs {@link SparkUiAuthenticationFilter} through {@code spark.ui.filters}
 * when a session is built; Spark creates that filter by reflection, so it asks {@link #current()} at each request.
 * The keys stay in this JVM (the driver, which serves the UI) and never go into the Spark configuration, which the
 * UI's Environment page shows.
 */
public final class SparkUiSecurity {

	static final String UI_FILTERS = "spark.ui.filters";

	static final String KILL_ENABLED = "spark.ui.killEnabled";

	private static volatile SparkUiSecurity current;

	private final boolean enabled;

	private final ApiKeyMatcher keys;

	private volatile boolean killEnabled;

	public SparkUiSecurity(SecurityProperties properties) {
		this(properties, false);
	}

	/** A policy as {@link #applyTo} leaves it, without installing it; for tests of the filter. */
	SparkUiSecurity(SecurityProperties properties, boolean killEnabled) {
		this.enabled = properties.enabled();
		this.keys = new ApiKeyMatcher(properties.keys());
		this.killEnabled = killEnabled;
	}

	/**
	 * Before a session is built: kill from the UI off unless configured, the filter first in
	 * {@code spark.ui.filters}, and this the policy the filter applies from now on.
	 */
	public void applyTo(SparkConf conf) {
		conf.setIfMissing(KILL_ENABLED, "false");
		String filters = conf.get(UI_FILTERS, "");
		String filter = SparkUiAuthenticationFilter.class.getName();
		if (Arrays.stream(filters.split(",")).map(String::strip).noneMatch(filter::equals)) {
			conf.set(UI_FILTERS, filters.isBlank() ? filter : filter + "," + filters);
		}
		killEnabled = conf.getBoolean(KILL_ENABLED, false);
		current = this;
	}

	/** The policy of the session built last; empty before any was. */
	static Optional<SparkUiSecurity> current() {
		return Optional.ofNullable(current);
	}

	boolean enabled() {
		return enabled;
	}

	boolean killEnabled() {
		return killEnabled;
	}

	ApiKeyMatcher keys() {
		return keys;
	}

}
