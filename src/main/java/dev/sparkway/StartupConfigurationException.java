package dev.sparkway;

/**
 * A configuration the server refuses to start with: which property, what is wrong, and what to do. Reported by
 * {@link StartupConfigurationFailureAnalyzer} as Spring Boot's "APPLICATION FAILED TO START", without a stack
 * trace.
 */
public class StartupConfigurationException extends IllegalStateException {

	private final String property;

	private final String description;

	private final String action;

	/**
	 * @param property the property to set or change, e.g. {@code sparkway.security.keys}
	 * @param description what is wrong, naming the property
	 * @param action what to do about it
	 */
	public StartupConfigurationException(String property, String description, String action) {
		super(description + " " + action);
		this.property = property;
		this.description = description;
		this.action = action;
	}

	public String property() {
		return property;
	}

	public String description() {
		return description;
	}

	public String action() {
		return action;
	}

}
