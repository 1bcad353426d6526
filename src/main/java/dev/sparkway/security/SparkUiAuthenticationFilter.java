package dev.sparkway.security;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkway.web.SecurityHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark UI's door (a {@code javax.servlet} filter: Spark's UI is Jetty 9), installed on every UI handler
 * through {@code spark.ui.filters} by {@link SparkUiSecurity}, which it consults at each request. With security on:
 * no key 401 (with {@code WWW-Authenticate: Basic}, so a browser asks for the key as password), an unknown key 401,
 * a key without {@code read} 403; the kill endpoints need {@code admin} and are refused to everyone while
 * {@code spark.ui.killEnabled} is false. Every answer gets the security headers.
 */
public class SparkUiAuthenticationFilter implements Filter {

	static final String REALM = "Basic realm=\"Sparkway Spark UI\", charset=\"UTF-8\"";

	private static final Logger log = LoggerFactory.getLogger(SparkUiAuthenticationFilter.class);

	private static final ObjectMapper JSON = new ObjectMapper();

	/** Spark's kill handlers, also under a proxy or reverse-proxy prefix. */
	private static final String[] KILL_PATHS = { "/jobs/job/kill/", "/stages/stage/kill/" };

	private final Supplier<Optional<SparkUiSecurity>> policy;

	/** As Spark creates it: applies the policy of the session built last. */
	public SparkUiAuthenticationFilter() {
		this(SparkUiSecurity::current);
	}

	SparkUiAuthenticationFilter(Supplier<Optional<SparkUiSecurity>> policy) {
		this.policy = policy;
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) req;
		HttpServletResponse response = (HttpServletResponse) res;
		SecurityHeaders.applyToSparkUiAnswer(response::setHeader);
		Optional<SparkUiSecurity> current = policy.get();
		if (current.isEmpty()) {
			// Fail closed: a UI that was built without its policy lets nobody in.
			refuse(request, response, 503, "unavailable", "Service Unavailable",
					"The Spark UI's access policy is not set up yet.");
			return;
		}
		SparkUiSecurity security = current.get();
		boolean kill = isKillRequest(request);
		if (!security.enabled()) {
			if (kill && !security.killEnabled()) {
				refuseKill(request, response);
				return;
			}
			chain.doFilter(request, response);
			return;
		}
		String presented = ApiKeyMatcher.presentedKeyOrBasicPassword(request::getHeader);
		if (presented == null) {
			response.setHeader("WWW-Authenticate", REALM);
			refuse(request, response, 401, "unauthorized", "Unauthorized", "The Spark UI needs an API key with the "
					+ "read role: sign in with any user name and the key as password, or send 'X-API-Key: <key>' "
					+ "or 'Authorization: Bearer <key>'.");
			return;
		}
		SecurityProperties.ApiKey key = security.keys().match(presented).orElse(null);
		if (key == null) {
			response.setHeader("WWW-Authenticate", REALM);
			refuse(request, response, 401, "unauthorized", "Unauthorized", "Unknown API key.");
			return;
		}
		if (kill && !security.killEnabled()) {
			refuseKill(request, response);
			return;
		}
		Role needed = kill ? Role.ADMIN : Role.READ;
		if (key.roles().stream().noneMatch(role -> role.includes(needed))) {
			refuse(request, response, 403, "forbidden", "Forbidden", "The API key '" + key.name() + "' lacks the "
					+ needed.name().toLowerCase(Locale.ROOT) + " role this Spark UI request needs (read: every page "
					+ "and /api/v1; admin: killing a job or stage).");
			return;
		}
		chain.doFilter(new KeyHolderRequest(request, key.name()), response);
	}

	/** Whether the request reaches a kill handler: its decoded path, without path parameters, in any case. */
	static boolean isKillRequest(HttpServletRequest request) {
		StringBuilder path = new StringBuilder();
		for (String segment : request.getRequestURI().split("/")) {
			int parameters = segment.indexOf(';');
			String name = parameters < 0 ? segment : segment.substring(0, parameters);
			if (!name.isEmpty()) {
				path.append('/').append(URLDecoder.decode(name.replace("+", "%2B"), StandardCharsets.UTF_8));
			}
		}
		String normalized = path.append('/').toString().replaceAll("/+", "/").toLowerCase(Locale.ROOT);
		for (String kill : KILL_PATHS) {
			if (normalized.contains(kill)) {
				return true;
			}
		}
		return false;
	}

	private static void refuseKill(HttpServletRequest request, HttpServletResponse response) throws IOException {
		refuse(request, response, 403, "forbidden", "Forbidden", "Killing jobs and stages from the Spark UI is "
				+ "turned off (spark.ui.killEnabled=false); cancel a job with POST /api/v1/jobs/{id}/cancel.");
	}

	private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String type,
			String title, String detail) throws IOException {
		log.warn("Spark UI {} {} answered {}: {}", request.getMethod(), request.getRequestURI(), status, detail);
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "https://sparkway.dev/problems/" + type);
		problem.put("title", title);
		problem.put("status", status);
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		response.setStatus(status);
		response.setHeader("Cache-Control", "no-store");
		response.setContentType("application/problem+json");
		response.setCharacterEncoding("UTF-8");
		JSON.writeValue(response.getOutputStream(), problem);
	}

	/** The key's name as the remote user, which Spark's own ACLs ({@code spark.acls.enable}) check. */
	private static final class KeyHolderRequest extends HttpServletRequestWrapper {

		private final String name;

		KeyHolderRequest(HttpServletRequest request, String name) {
			super(request);
			this.name = name;
		}

		@Override
		public String getRemoteUser() {
			return name;
		}

		@Override
		public Principal getUserPrincipal() {
			return () -> name;
		}

	}

}
