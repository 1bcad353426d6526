package dev.sparkway;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link StartupConfigurationException}, however deep in a bean-creation failure, into Spring Boot's
 * start-up report: a description naming the property and an action, and no stack trace. Registered in
 * {@code META-INF/spring.factories}.
 */
class StartupConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<StartupConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, StartupConfigurationException cause) {
		return new FailureAnalysis("Configuration property " + cause.property() + ": " + cause.description(),
				cause.action(), cause);
	}

}
