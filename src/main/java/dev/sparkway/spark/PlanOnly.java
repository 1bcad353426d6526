package dev.sparkway.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Marks a per-request SparkSession as planning only (a dry run): code that would otherwise run a Spark action to
 * prepare its input (the CSV parse cache, a {@code badRecords=fail} scan) leaves it out on such a session, so
 * planning a pipeline runs nothing. The one place the session conf key is spelled.
 */
public final class PlanOnly {

	private static final String CONF = "sparkway.planOnly";

	private PlanOnly() {
	}

	/** Marks the session (a {@code newSession()}, never the shared one) as planning only. */
	public static SparkSession mark(SparkSession session) {
		session.conf().set(CONF, "true");
		return session;
	}

	/** Whether the session only plans. */
	public static boolean isOn(SparkSession session) {
		return "true".equals(session.conf().get(CONF, "false"));
	}

}
