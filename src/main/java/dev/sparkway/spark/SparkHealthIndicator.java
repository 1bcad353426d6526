package dev.sparkway.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code spark} in {@code /actuator/health}: UP while the shared SparkContext runs, with its master, version,
 * UI and active jobs.
 */
@Component("spark")
class SparkHealthIndicator extends AbstractHealthIndicator {

	private final SparkSession spark;

	SparkHealthIndicator(SparkSession spark) {
		super("Spark health check failed");
		this.spark = spark;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		SparkContext sc = spark.sparkContext();
		if (sc.isStopped()) {
			builder.down().withDetail("state", "STOPPED");
			return;
		}
		builder.up()
			.withDetail("state", "RUNNING")
			.withDetail("master", sc.master())
			.withDetail("applicationId", sc.applicationId())
			.withDetail("version", sc.version())
			.withDetail("defaultParallelism", sc.defaultParallelism())
			.withDetail("activeSparkJobs", sc.statusTracker().getActiveJobIds().length)
			.withDetail("ui", sc.uiWebUrl().isDefined() ? sc.uiWebUrl().get() : "disabled");
	}

}
