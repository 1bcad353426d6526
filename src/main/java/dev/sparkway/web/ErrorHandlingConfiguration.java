package dev.sparkway.web;

import java.net.URI;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.core.StandardHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that never reach a controller are problem+json too: what the servlet container forwards to
 * {@code /error} (instead of Spring Boot's whitelabel page or plain JSON), and what Tomcat refuses before any
 * servlet runs ({@link ProblemErrorReportValve}).
 */
@Configuration(proxyBeanMethods = false)
class ErrorHandlingConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
		return factory -> factory.addContextCustomizers(context -> {
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
			}
		});
	}

	/** Replaces Spring Boot's {@code BasicErrorController}. */
	@RestController
	@Hidden // the servlet container's error path, not an operation of the API
	static class ProblemErrorController implements ErrorController {

		private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

		@RequestMapping("${server.error.path:${error.path:/error}}")
		ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
			Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
			HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
					? HttpStatus.valueOf(value) : HttpStatus.NOT_FOUND;
			Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
			String detail = message instanceof String text && !text.isBlank() ? text : status.getReasonPhrase();
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
			problem.setType(URI.create(ApiProblems.TYPE_BASE + ApiProblems.slug(status)));
			problem.setTitle(status.getReasonPhrase());
			Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
			if (uri instanceof String path) {
				try {
					problem.setInstance(URI.create(path));
				}
				catch (IllegalArgumentException notAUri) {
					// Leave it out rather than fail the error response.
				}
			}
			Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
			if (status.is5xxServerError()) {
				log.error("{} {} answered {}", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), detail,
						status.value(), failure);
			}
			else {
				log.warn("{} answered {}: {}", uri, status.value(), detail);
			}
			return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
		}

	}

}
