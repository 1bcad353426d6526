package dev.sparkway.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * Tomcat's error report for requests it refuses before any servlet sees them (an encoded {@code /} or {@code \} in
 * the path, {@code %00}, invalid percent-encoding, ...): a problem+json body like every other error of the API,
 * instead of Tomcat's HTML page. Installed on the host by {@link ErrorHandlingConfiguration}.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	private static final Logger log = LoggerFactory.getLogger(ProblemErrorReportValve.class);

	private static final ObjectMapper JSON = new ObjectMapper();

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		HttpStatus known = HttpStatus.resolve(status);
		String title = known == null ? "Error " + status : known.getReasonPhrase();
		String message = response.getMessage();
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", ApiProblems.TYPE_BASE + ApiProblems.slug(HttpStatusCode.valueOf(status)));
		problem.put("title", title);
		problem.put("status", status);
		problem.put("detail", (message == null || message.isBlank() ? title : message)
				+ ". The server refused the request line before reading it: check the URL for encoded '/' or '\\', "
				+ "control characters and invalid percent-encoding.");
		log.warn("Request refused by the web server, answered {}: {}", status, message);
		try {
			SecurityHeaders.applyToServerAnswer(response::setHeader);
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			PrintWriter writer = response.getReporter();
			if (writer != null) {
				writer.write(JSON.writeValueAsString(problem));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The connection is gone or the response already committed; nothing more to say.
		}
	}

}
