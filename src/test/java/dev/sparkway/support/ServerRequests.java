package dev.sparkway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/** JSON requests to a server of a test's own ({@link ServerProcess#http()}), for tests that restart it. */
public final class ServerRequests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private ServerRequests() {
	}

	/** Submits a job and returns its id; a non-2xx answer fails the test. */
	public static String submit(RestClient http, String body) {
		String reply = http.post()
			.uri("/api/v1/jobs")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.body(String.class);
		return parse(reply, "POST /api/v1/jobs").get("id").asText();
	}

	/** GET of a JSON resource; a non-2xx answer fails the test. */
	public static JsonNode get(RestClient http, String path) {
		try {
			return JSON.readTree(http.get().uri(path).retrieve().body(String.class));
		}
		catch (Exception ex) {
			throw new AssertionError("GET " + path + " failed", ex);
		}
	}

	private static JsonNode parse(String reply, String request) {
		try {
			return JSON.readTree(reply);
		}
		catch (Exception ex) {
			throw new AssertionError(request + " answered no JSON: " + reply, ex);
		}
	}

}
