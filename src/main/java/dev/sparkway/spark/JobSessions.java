package dev.sparkway.spark;

import org.apache.spark.sql.SparkSession;

import org.springframework.stereotype.Component;

/**
 * Hands out per-job sessions of the shared SparkSession, with the SQL settings every pipeline's semantics rely on
 * fixed, whatever the server-wide configuration says.
 */
@Component
public class JobSessions {

	private final SparkSession shared;

	JobSessions(SparkSession shared) {
		this.shared = shared;
	}

	public SparkSession shared() {
		return shared;
	}

	/** A new session: same SparkContext and cache, its own SQL conf and temporary views. */
	public SparkSession newSession() {
		SparkSession session = shared.newSession();
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
		return session;
	}

}
