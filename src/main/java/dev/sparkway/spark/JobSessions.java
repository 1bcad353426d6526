package dev.sparkway.spark;

import java.time.Duration;

import org.apache.spark.sql.SparkSession;

import org.springframework.stereotype.Component;

/**
 * Hands out per-job sessions of the shared SparkSession, with the SQL settings every pipeline's semantics rely on
 * fixed, whatever the server-wide configuration says.
 */
@Component
public class JobSessions {

	private final SparkSessionHolder shared;

	JobSessions(SparkSessionHolder shared) {
		this.shared = shared;
	}

	/**
	 * A new session: same SparkContext and cache, its own SQL conf and temporary views. Waits for the shared
	 * session while it is being rebuilt.
	 * @throws SparkUnavailableException when no running shared session is available
	 */
	public SparkSession newSession() {
		return configure(shared.session().newSession());
	}

	/**
	 * As {@link #newSession()}, waiting at most {@code maxWait} for a shared session being rebuilt; for request
	 * threads that should answer 503 rather than hang.
	 */
	public SparkSession newSession(Duration maxWait) {
		return configure(shared.session(maxWait).newSession());
	}

	private static SparkSession configure(SparkSession session) {
		// Timestamps are wall-clock: reading and formatting them in UTC never shifts a date.
		session.conf().set("spark.sql.session.timeZone", "UTC");
		// An unparseable timestamp is a rejected row (null), not a SparkUpgradeException failing the job.
		session.conf().set("spark.sql.legacy.timeParserPolicy", "CORRECTED");
		// Bad values become nulls the pipelines count as rejected; ANSI mode would fail the job instead.
		session.conf().set("spark.sql.ansi.enabled", "false");
		// This rule replaces plans over empty inputs with an empty relation, dropping the nodes that report
		// observed metrics (row counts); kept out so an empty input reports zeros like any other.
		session.conf().set("spark.sql.adaptive.optimizer.excludedRules",
				"org.apache.spark.sql.execution.adaptive.AQEPropagateEmptyRelation");
		// Listing a job's own partitioned output (retail-sales reads its daily output back) is a Spark job of its
		// own above 32 folders; on the driver it takes a few milliseconds. Same files, same result.
		session.conf().set("spark.sql.sources.parallelPartitionDiscovery.threshold", "10000");
		return session;
	}

}
