package dev.sparkway.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API keys and roles: 401 without a known key, 403 without the role, health, docs and the dashboard's files open,
 * and each job records who submitted it.
 */
class ApiKeySecurityTests extends IntegrationTest {

	private static final String SALES = "TransactionID,Timestamp,StoreID,ProductID,UserID,Quantity,UnitPrice\n"
			+ "T1,2024-01-01 10:00:00,1,P,U,1,1.0\n";

	@Test
	void aMissingOrUnknownKeyIs401ProblemJson() {
		Reply missing = call("GET", "/api/v1/jobs", null, null);
		assertThat(missing.status()).isEqualTo(401);
		assertThat(missing.contentType()).startsWith("application/problem+json");
		assertThat(missing.body().get("detail").asText()).contains("X-API-Key");

		Reply unknown = call("GET", "/api/v1/jobs", "X-API-Key", "not-a-key");
		assertThat(unknown.status()).isEqualTo(401);
		assertThat(unknown.body().get("detail").asText()).isEqualTo("Unknown API key.");
	}

	@Test
	void aReadKeyReadsButCannotSubmit() {
		assertThat(call("GET", "/api/v1/pipelines", "X-API-Key", READ_KEY).status()).isEqualTo(200);
		assertThat(call("GET", "/api/v1/jobs", "Authorization", "Bearer " + READ_KEY).status()).isEqualTo(200);

		Reply submit = call("POST", "/api/v1/jobs", "X-API-Key", READ_KEY);
		assertThat(submit.status()).isEqualTo(403);
		assertThat(submit.contentType()).startsWith("application/problem+json");
		assertThat(submit.body().get("detail").asText()).contains("reader");
	}

	@Test
	void aSubmitKeySubmitsAndIsRecordedAsTheSubmitterButCannotDelete() {
		writeInput("security/sales.csv", SALES);
		Reply submitted = call("POST", "/api/v1/jobs", "Authorization", "Bearer " + SUBMIT_KEY);
		assertThat(submitted.status()).isEqualTo(202);
		String id = submitted.body().get("id").asText();
		assertThat(submitted.body().get("submittedBy").asText()).isEqualTo("submitter");
		awaitStatus(id, Duration.ofMinutes(2), "SUCCEEDED");

		assertThat(call("DELETE", "/api/v1/jobs/" + id, "X-API-Key", SUBMIT_KEY).status()).isEqualTo(403);
		assertThat(call("GET", "/actuator/info", "X-API-Key", SUBMIT_KEY).status()).isEqualTo(403);
		assertThat(call("DELETE", "/api/v1/jobs/" + id, "X-API-Key", ADMIN_KEY).status()).isEqualTo(204);
	}

	@Test
	void healthAndApiDocsNeedNoKey() {
		assertThat(call("GET", "/actuator/health", null, null).status()).isEqualTo(200);
		assertThat(call("GET", "/actuator/health/readiness", null, null).status()).isEqualTo(200);
		Reply docs = call("GET", "/v3/api-docs", null, null);
		assertThat(docs.status()).isEqualTo(200);
		JsonNode schemes = docs.body().at("/components/securitySchemes");
		assertThat(schemes.at("/apiKey/name").asText()).isEqualTo("X-API-Key");
		assertThat(schemes.at("/bearer/scheme").asText()).isEqualTo("bearer");
		assertThat(docs.body().at("/paths/~1api~1v1~1jobs/post/responses/401").isMissingNode()).isFalse();
	}

	@Test
	void theDashboardsFilesLoadWithoutAKeyButItsDataNeedsOne() {
		Reply page = call("GET", "/", null, null);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.contentType()).startsWith("text/html");
		assertThat(page.text()).contains("data-testid=\"api-key-dialog\"")
			// Scripts from files only, as the content security policy (script-src 'self') requires.
			.containsPattern("<script type=\"module\" src=\"/dashboard/app.js\">")
			.doesNotContainPattern("<script(?![^>]*\\ssrc=)");
		assertSecurityHeaders(page.headers()::getFirst);
		for (String file : List.of("/index.html", "/dashboard/app.js", "/dashboard/api.js", "/dashboard/dashboard.css",
				"/webjars/echarts/5.3.1/dist/echarts.esm.min.js")) {
			assertThat(call("GET", file, null, null).status()).as(file).isEqualTo(200);
		}
		assertThat(call("GET", "/api/v1/jobs", null, null).status()).isEqualTo(401);
		assertThat(call("GET", "/api/v1/pipelines", null, null).status()).isEqualTo(401);
	}

	@Test
	void actuatorEndpointsOtherThanHealthNeedAdminAndMetricsRead() {
		assertThat(call("GET", "/actuator/info", null, null).status()).isEqualTo(401);
		assertThat(call("GET", "/actuator/info", "X-API-Key", READ_KEY).status()).isEqualTo(403);
		assertThat(call("GET", "/actuator/info", "X-API-Key", ADMIN_KEY).status()).isEqualTo(200);
		assertThat(call("GET", "/actuator", "X-API-Key", SUBMIT_KEY).status()).isEqualTo(403);
		assertThat(call("GET", "/actuator/metrics", null, null).status()).isEqualTo(401);
		// Allowed to a read key, but not exposed: 404, not 403.
		assertThat(call("GET", "/actuator/metrics", "X-API-Key", READ_KEY).status()).isEqualTo(404);
		// The Prometheus scrape is exposed, to a read key.
		assertThat(call("GET", "/actuator/prometheus", null, null).status()).isEqualTo(401);
		assertThat(call("GET", "/actuator/prometheus", "X-API-Key", READ_KEY).status()).isEqualTo(200);
	}

	@Test
	void everyAnswerCarriesTheSecurityHeadersAlsoErrors() throws Exception {
		List<Reply> answers = List.of(call("GET", "/api/v1/pipelines", "X-API-Key", READ_KEY),
				call("GET", "/api/v1/jobs", null, null), call("POST", "/api/v1/jobs", "X-API-Key", READ_KEY),
				call("GET", "/swagger-ui/index.html", null, null), call("GET", "/api/v1/no-such-thing", "X-API-Key",
						READ_KEY));
		for (Reply answer : answers) {
			assertSecurityHeaders(answer.headers()::getFirst);
		}
		// Refused by Tomcat before any filter (an encoded '/'): the error report valve answers.
		HttpResponse<String> refused = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/jobs/a%2Fb")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(refused.statusCode()).isEqualTo(400);
		assertSecurityHeaders(name -> refused.headers().firstValue(name).orElse(null));
	}

	private static void assertSecurityHeaders(UnaryOperator<String> header) {
		assertThat(header.apply("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(header.apply("X-Frame-Options")).isEqualTo("DENY");
		assertThat(header.apply("Content-Security-Policy")).contains("default-src 'self'")
			.contains("script-src 'self';")
			.contains("frame-ancestors 'none'")
			.contains("object-src 'none'");
	}

	@Test
	void requiringKeysWithoutAnyConfiguredRefusesToStart() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class, JacksonAutoConfiguration.class))
			.withUserConfiguration(SecurityConfiguration.class)
			.withBean(SecurityProperties.class, () -> new SecurityProperties(true, java.util.List.of()))
			.run(context -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("no API key is configured");
			});
	}

	private Reply call(String method, String path, String header, String value) {
		RestClient.RequestBodySpec spec = RestClient.create("http://localhost:" + port)
			.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(path);
		if (header != null) {
			spec.header(header, value);
		}
		if (method.equals("POST")) {
			spec.contentType(MediaType.APPLICATION_JSON)
				.body("{\"pipeline\":\"retail-sales\",\"params\":{\"salesPath\":\"security/sales.csv\"}}");
		}
		return exchange(spec);
	}

}
