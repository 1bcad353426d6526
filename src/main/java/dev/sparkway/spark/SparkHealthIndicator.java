package dev.sparkway.spark;

import org.apache.spark.SparkContext;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code spark} in {@code /actuator/health}: UP while the shared SparkContext runs, with its master, version,
 * UI and active jobs; DOWN ({@code REBUILDING}) while a lost context is being replaced, and ({@code STOPPED}) once
 * the server stopped Spark.
 */
@Component("spark")
class SparkHealthIndicator extends AbstractHealthIndicator {

	private final SparkSessionHolder spark;

	SparkHealthIndicator(SparkSessionHolder spark) {
		super("Spark health check failed");
		this.spark = spark;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		SparkSessionHolder.State state = spark.state();
		if (state != SparkSessionHolder.State.RUNNING) {
			builder.down().withDetail("state", state);
			if (spark.lostApplicationId() != null) {
				builder.withDetail("lostApplicationId", spark.lostApplicationId())
					.withDetail("lostAt", spark.lostAt().toString());
			}
			return;
		}
		SparkContext sc = spark.currentSession().sparkContext();
		builder.up()
			.withDetail("state", state)
			.withDetail("master", sc.master())
			.withDetail("applicationId", sc.applicationId())
			.withDetail("version", sc.version())
			.withDetail("defaultParallelism", sc.defaultParallelism())
			.withDetail("activeSparkJobs", sc.statusTracker().getActiveJobIds().length)
			.withDetail("ui", sc.uiWebUrl().isDefined() ? sc.uiWebUrl().get() : "disabled");
		if (spark.lostApplicationId() != null) {
			builder.withDetail("lastLostApplicationId", spark.lostApplicationId())
				.withDetail("lastLostAt", spark.lostAt().toString());
		}
	}

}
