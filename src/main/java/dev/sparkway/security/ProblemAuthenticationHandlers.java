package dev.sparkway.security;

import java.io.IOException;
import java.net.URI;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as RFC 9457 problem details, like every other error of the API.
 */
class ProblemAuthenticationHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemAuthenticationHandlers.class);

	private final ObjectMapper json;

	ProblemAuthenticationHandlers(ObjectMapper json) {
		this.json = json;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		String detail = ex.getMessage() != null && ex.getMessage().startsWith("Unknown") ? "Unknown API key."
				: "This endpoint needs an API key: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.";
		response.setHeader("WWW-Authenticate", "Bearer");
		write(request, response, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		write(request, response, HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
				"The API key '" + (request.getUserPrincipal() == null ? "?" : request.getUserPrincipal().getName())
						+ "' lacks the role this request needs (read: GET; submit: submit, cancel, retry, upload; "
						+ "admin: everything).");
	}

	private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type,
			String title, String detail) throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create("https://sparkway.dev/problems/" + type));
		problem.setTitle(title);
		problem.setInstance(URI.create(request.getRequestURI().replace(" ", "%20")));
		log.warn("{} {} answered {}: {}", request.getMethod(), request.getRequestURI(), status.value(), detail);
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), problem);
	}

}
