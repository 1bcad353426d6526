package dev.sparkway.security;

/**
 * What an API key may do. Each role includes the ones below it: {@code admin} > {@code submit} > {@code read}.
 */
public enum Role {

	/** Every GET of the API; every page of the Spark UI and its REST API. */
	READ,
	/** Submit, cancel and retry jobs; upload datasets. */
	SUBMIT,
	/**
	 * Everything, including deleting jobs, the actuator endpoints other than health and metrics, and killing from
	 * the Spark UI when {@code spark.ui.killEnabled} is on.
	 */
	ADMIN;

	/** Whether a key with this role may do what {@code other} allows. */
	boolean includes(Role other) {
		return compareTo(other) >= 0;
	}

	String authority() {
		return "ROLE_" + name();
	}

}
