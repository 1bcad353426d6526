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
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * 401, 403 and the 400 for a request URL the firewall rejects, as RFC 9457 problem details like every other error
 * of the API.
 */
class ProblemAuthenticationHandlers implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

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

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException ex)
			throws IOException {
		String reason = ex.getMessage() == null ? "The request URL was rejected" : ex.getMessage().replaceAll("\\.+$", "");
		write(request, response, HttpStatus.BAD_REQUEST, "rejected-url", "Rejected request URL",
				reason + ". Paths must not contain '..', ';', '//', encoded '%' or '.', or control characters.");
	}

	private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type,
			String title, String detail) throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create("https://sparkway.dev/problems/" + type));
		problem.setTitle(title);
		try {
			problem.setInstance(URI.create(request.getRequestURI()));
		}
		catch (IllegalArgumentException notAUri) {
			// Leave it out rather than fail the error response.
		}
		log.warn("{} {} answered {}: {}", request.getMethod(), request.getRequestURI(), status.value(), detail);
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), problem);
	}

}
