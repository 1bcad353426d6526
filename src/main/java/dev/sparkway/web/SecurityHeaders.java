package dev.sparkway.web;

import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The security headers every answer carries, whoever writes it: Spring Security for what passes its filters,
 * {@link ProblemErrorReportValve} for what Tomcat refuses before them, and the Spark UI's filter for port 4040.
 */
public final class SecurityHeaders {

	/**
	 * The server's pages: scripts, styles, images and fetches from the server itself only, no inline scripts (the
	 * Swagger UI loads its initializer as a file; a dashboard is ES modules from the jar). Inline styles stay
	 * allowed: the Swagger UI sets style attributes from its scripts; images may be data: URIs (its icons).
	 */
	public static final String SERVER_CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
			+ "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

	/**
	 * The Spark UI's pages are Spark's own, with inline scripts and event handlers: the policy keeps everything to
	 * the UI's own origin and no framing by other sites, and allows the inline code Spark needs.
	 */
	public static final String SPARK_UI_CONTENT_SECURITY_POLICY = "default-src 'self'; "
			+ "script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
			+ "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
			+ "frame-ancestors 'self'";

	/** Spark's own filter sets {@code X-Frame-Options: SAMEORIGIN} on its pages; the same value everywhere. */
	private static final Map<String, String> SPARK_UI = Map.of("X-Content-Type-Options", "nosniff",
			"X-Frame-Options", "SAMEORIGIN", "Content-Security-Policy", SPARK_UI_CONTENT_SECURITY_POLICY,
			"Referrer-Policy", "no-referrer");

	private static final Map<String, String> SERVER = Map.of("X-Content-Type-Options", "nosniff",
			"X-Frame-Options", "DENY", "Content-Security-Policy", SERVER_CONTENT_SECURITY_POLICY, "Referrer-Policy",
			"no-referrer");

	private SecurityHeaders() {
	}

	/** Sets the server's headers through {@code setHeader}, e.g. {@code response::setHeader}. */
	public static void applyToServerAnswer(BiConsumer<String, String> setHeader) {
		SERVER.forEach(setHeader);
	}

	/** Sets the Spark UI's headers through {@code setHeader}. */
	public static void applyToSparkUiAnswer(BiConsumer<String, String> setHeader) {
		SPARK_UI.forEach(setHeader);
	}

}
