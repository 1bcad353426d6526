package dev.sparkway.web;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * Which browser pages on other origins may call the API ({@code sparkway.http.cors.allowed-origins}): those
 * origins may call every {@code /api/v1} endpoint (event streams and downloads included) with the API-key header,
 * and read the {@code Location}, {@code Retry-After} and {@code Content-Disposition} headers. Any other
 * cross-origin request, preflight or not, is refused 403 with problem+json; same-origin requests are not CORS and
 * pass untouched. The filter runs first in the security chain, so a preflight needs no API key.
 */
public final class ApiCors {

	/** Headers a page may send: the key (either form), bodies, idempotency and the event-stream resume header. */
	static final List<String> ALLOWED_HEADERS = List.of("X-API-Key", "Authorization", "Content-Type", "Accept",
			"Idempotency-Key", "Last-Event-ID");

	static final List<String> EXPOSED_HEADERS = List.of(HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER,
			HttpHeaders.CONTENT_DISPOSITION);

	private static final Logger log = LoggerFactory.getLogger(ApiCors.class);

	private ApiCors() {
	}

	/** The CORS filter for the security chain. */
	public static CorsFilter filter(HttpProperties properties, ObjectMapper json) {
		CorsConfiguration api = new CorsConfiguration();
		api.setAllowedOrigins(properties.cors().allowedOrigins());
		api.setAllowedMethods(List.of("GET", "HEAD", "POST", "DELETE"));
		api.setAllowedHeaders(ALLOWED_HEADERS);
		api.setExposedHeaders(EXPOSED_HEADERS);
		// API keys travel in a header, never in cookies: no credentials mode.
		api.setAllowCredentials(false);
		api.setMaxAge(3600L);
		// Everything else (actuator, docs) stays same-origin; refused the same way.
		CorsConfiguration sameOriginOnly = new CorsConfiguration();
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/api/v1/**", api);
		source.registerCorsConfiguration("/**", sameOriginOnly);
		CorsFilter filter = new CorsFilter(source);
		filter.setCorsProcessor(new ProblemCorsProcessor(json));
		return filter;
	}

	/** Refuses with problem+json, where Spring's processor writes a plain-text "Invalid CORS request". */
	private static final class ProblemCorsProcessor extends DefaultCorsProcessor {

		private final ObjectMapper json;

		/** The request being checked: {@link #rejectRequest} only gets the response. */
		private final ThreadLocal<HttpServletRequest> checking = new ThreadLocal<>();

		ProblemCorsProcessor(ObjectMapper json) {
			this.json = json;
		}

		@Override
		public boolean processRequest(CorsConfiguration config, HttpServletRequest request,
				HttpServletResponse response) throws IOException {
			checking.set(request);
			try {
				return super.processRequest(config, request, response);
			}
			finally {
				checking.remove();
			}
		}

		@Override
		protected void rejectRequest(ServerHttpResponse response) throws IOException {
			HttpServletRequest request = checking.get();
			HttpServletResponse servlet = ((ServletServerHttpResponse) response).getServletResponse();
			String origin = request.getHeader(HttpHeaders.ORIGIN);
			String method = request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
			String detail = "Origin '" + origin + "' may not call " + request.getRequestURI() + " ("
					+ (method != null ? method : request.getMethod()) + "). Only the origins listed in "
					+ "sparkway.http.cors.allowed-origins may call /api/v1, with the request headers "
					+ String.join(", ", ALLOWED_HEADERS) + ".";
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, detail);
			problem.setType(URI.create(ApiProblems.TYPE_BASE + "cors-refused"));
			problem.setTitle("Cross-origin request refused");
			try {
				problem.setInstance(URI.create(request.getRequestURI()));
			}
			catch (IllegalArgumentException notAUri) {
				// Leave it out rather than fail the error response.
			}
			log.warn("{} {} answered 403: cross-origin request from {} refused", request.getMethod(),
					request.getRequestURI(), origin);
			servlet.setStatus(HttpStatus.FORBIDDEN.value());
			servlet.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			json.writeValue(servlet.getOutputStream(), problem);
		}

	}

}
