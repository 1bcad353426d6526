package dev.sparkway.web;

import java.util.List;

import dev.sparkway.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a browser dashboard on another origin meets: CORS for the listed origin (preflight without a key, the key
 * header allowed, the headers it needs exposed), problem+json for any other origin, and 400s that say what to fix
 * for a top-level unknown field and an unconvertible query parameter.
 */
class BrowserDashboardApiTests extends IntegrationTest {

	@Test
	void aPreflightFromTheAllowedOriginIsAnsweredWithoutAKey() {
		for (String path : List.of("/api/v1/jobs", "/api/v1/jobs/any-id/events", "/api/v1/events",
				"/api/v1/jobs/any-id/outputs/daily/download")) {
			Reply reply = preflight(path, ALLOWED_ORIGIN, "GET", "x-api-key,last-event-id").expect(200);
			HttpHeaders headers = reply.headers();
			assertThat(headers.getAccessControlAllowOrigin()).as(path).isEqualTo(ALLOWED_ORIGIN);
			assertThat(headers.getAccessControlAllowMethods()).as(path).contains(HttpMethod.GET);
			assertThat(headers.getAccessControlAllowHeaders()).as(path)
				.map(String::toLowerCase)
				.contains("x-api-key", "last-event-id");
		}
		Reply post = preflight("/api/v1/jobs", ALLOWED_ORIGIN, "POST", "x-api-key,content-type,idempotency-key")
			.expect(200);
		assertThat(post.headers().getAccessControlAllowMethods()).contains(HttpMethod.POST);
	}

	@Test
	void aCrossOriginCallFromTheAllowedOriginCanReadTheHeadersItNeeds() {
		Reply reply = exchange(http().get().uri("/api/v1/jobs").header(HttpHeaders.ORIGIN, ALLOWED_ORIGIN)).expect(200);
		assertThat(reply.headers().getAccessControlAllowOrigin()).isEqualTo(ALLOWED_ORIGIN);
		assertThat(reply.headers().getAccessControlExposeHeaders()).containsExactlyInAnyOrder("Location",
				"Retry-After", "Content-Disposition");
	}

	@Test
	void aPreflightFromAnotherOriginIsRefusedWithProblemJson() {
		Reply reply = preflight("/api/v1/jobs", "https://evil.example.org", "POST", "x-api-key").expect(403);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.body().get("type").asText()).isEqualTo("https://sparkway.dev/problems/cors-refused");
		assertThat(reply.body().get("detail").asText()).contains("https://evil.example.org",
				"sparkway.http.cors.allowed-origins");
		assertThat(reply.headers().getAccessControlAllowOrigin()).isNull();
		// A header the API does not allow is refused the same way, even from the listed origin.
		preflight("/api/v1/jobs", ALLOWED_ORIGIN, "GET", "x-secret").expect(403);
		// Outside /api/v1 every other origin is refused.
		preflight("/actuator/health", ALLOWED_ORIGIN, "GET", null).expect(403);
	}

	@Test
	void aSameOriginRequestIsNotCors() {
		Reply reply = exchange(http().get().uri("/api/v1/jobs").header(HttpHeaders.ORIGIN, "http://localhost:" + port))
			.expect(200);
		assertThat(reply.headers().getAccessControlAllowOrigin()).isNull();
	}

	@Test
	void aStatusItCannotConvertIs400ListingTheAllowedValues() {
		Reply reply = get("/api/v1/jobs?status=succeeded").expect(400);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.body().at("/errors/0/field").asText()).isEqualTo("status");
		assertThat(reply.body().at("/errors/0/message").asText())
			.isEqualTo("'succeeded' is not one of QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED (exactly so, upper case)");
		get("/api/v1/events?status=done").expect(400);
	}

	@Test
	void aParameterPutAtTheTopLevelIs400NamingTheField() {
		Reply reply = post("/api/v1/jobs", """
				{"pipeline": "rfm-segmentation", "k": 3}""").expect(400);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.body().get("detail").asText()).startsWith("Unknown field 'k'");
	}

	private Reply preflight(String path, String origin, String method, String headers) {
		// No key: a browser sends none with a preflight.
		return exchange(RestClient.create("http://localhost:" + port).options().uri(path).headers(h -> {
			h.set(HttpHeaders.ORIGIN, origin);
			h.set(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, method);
			if (headers != null) {
				h.set(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, headers);
			}
		}));
	}

}
