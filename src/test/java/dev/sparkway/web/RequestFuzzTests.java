package dev.sparkway.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.support.IntegrationTest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Tuple;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of generated requests against every endpoint: random JSON bodies, parameter maps and types, path
 * strings with {@code ..}, encoded separators and control characters, random ids, query strings, headers and keys.
 * None may answer 5xx, every 4xx must be problem+json naming its status, and the server must be healthy and run
 * jobs afterwards.
 * <p>
 * jqwik's generators drive a plain JUnit test, so the requests go to the suite's one shared server. The seed is
 * fixed (override with {@code -Dsparkway.fuzz.seed=...}) and printed with every failure, so a failure repeats.
 */
class RequestFuzzTests extends IntegrationTest {

	private static final int REQUESTS = 3000;

	private static final int GEN_SIZE = 1000;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@Test
	void noGeneratedRequestGetsA5xxAndEvery4xxIsAProblem() throws Exception {
		long seed = Long.getLong("sparkway.fuzz.seed", 42L);
		Catalogue catalogue = catalogue();
		String endedJob = runToSuccess("retail-sales", Map.of()).get("id").asText();
		Map<String, Integer> byStatus = new TreeMap<>();
		int jobsAccepted = 0;
		// Outside a @Property, jqwik's combinators need a session of their own.
		JqwikSession.start(Long.toString(seed));
		try {
			RandomGenerator<FuzzRequest> requests = requests(catalogue, endedJob).generator(GEN_SIZE);
			Random random = new Random(seed);
			for (int i = 0; i < REQUESTS; i++) {
				FuzzRequest request = requests.next(random).value();
				HttpResponse<String> response = send(request);
				String context = "request #" + i + " (seed " + seed + "): " + request + " -> "
						+ response.statusCode() + " " + response.headers().firstValue("Content-Type").orElse("") + " "
						+ response.body();
				byStatus.merge(request.method() + " " + response.statusCode(), 1, Integer::sum);
				assertThat(response.statusCode()).as(context).isLessThan(500);
				if (response.statusCode() >= 400) {
					assertIsProblem(response, context);
				}
				if (response.statusCode() == 202) {
					jobsAccepted++;
					endAcceptedJob(response, context);
				}
			}
		}
		finally {
			JqwikSession.finish();
		}
		System.out.printf("RequestFuzzTests: %d generated requests (seed %d), %d valid job submissions; "
				+ "by method and status: %s%n", REQUESTS, seed, jobsAccepted, byStatus);

		assertThat(byStatus.keySet()).as("the generators reach success and failure answers")
			.anyMatch(k -> k.endsWith(" 200"))
			.anyMatch(k -> k.endsWith(" 400"))
			.anyMatch(k -> k.endsWith(" 404"));
		JsonNode health = get("/actuator/health").expect(200).body();
		assertThat(health.get("status").asText()).isEqualTo("UP");
		runToSuccess("retail-sales", Map.of());
	}

	private void assertIsProblem(HttpResponse<String> response, String context) throws IOException {
		assertThat(response.headers().firstValue("Content-Type").orElse("")).as(context)
			.startsWith("application/problem+json");
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("status").asInt()).as(context).isEqualTo(response.statusCode());
		assertThat(problem.get("title").asText()).as(context).isNotBlank();
		assertThat(problem.get("detail").asText()).as(context).isNotBlank();
	}

	/** A generated submission that was valid runs for real; cancel it at once so capacity never runs out. */
	private void endAcceptedJob(HttpResponse<String> response, String context) throws IOException {
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("id")).as(context).isNotNull();
		String id = body.get("id").asText();
		if (body.has("pipeline")) {
			post("/api/v1/jobs/" + id + "/cancel");
			awaitStatus(id, Duration.ofSeconds(60), "CANCELLED", "SUCCEEDED", "FAILED");
		}
	}

	private HttpResponse<String> send(FuzzRequest request) throws IOException, InterruptedException {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + request.path()))
			.timeout(Duration.ofSeconds(60));
		request.headers().forEach(builder::header);
		HttpRequest.BodyPublisher body = request.body() == null ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofByteArray(request.body());
		return client.send(builder.method(request.method(), body).build(),
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	// ---- the generators ----

	private Arbitrary<FuzzRequest> requests(Catalogue catalogue, String endedJob) {
		Arbitrary<String> id = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(endedJob)),
				Tuple.of(2, Arbitraries.strings().withCharRange('0', '9').withCharRange('a', 'f').ofLength(12)),
				Tuple.of(4, pathSegment()));
		Arbitrary<String> pipeline = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(catalogue.pipelines())),
				Tuple.of(1, pathSegment()));
		Arbitrary<String> output = Arbitraries.frequencyOf(
				Tuple.of(2, Arbitraries.of("daily_sales", "monthly_sales", "features", "segments")),
				Tuple.of(1, pathSegment()));
		Arbitrary<String> jobPath = Combinators.combine(id, Arbitraries.of("", "/cancel", "/retry", "/outputs/"),
				output, query())
			.as((i, sub, o, q) -> "/api/v1/jobs/" + i + sub + (sub.equals("/outputs/") ? o + "/preview" : "") + q);
		Arbitrary<String> path = Arbitraries.frequencyOf(Tuple.of(3, query().map(q -> "/api/v1/jobs" + q)),
				Tuple.of(4, jobPath),
				Tuple.of(2, pipeline.map(p -> "/api/v1/pipelines/" + p)),
				Tuple.of(1, Arbitraries.just("/api/v1/pipelines")), Tuple.of(2, query().map(q -> "/api/v1/datasets" + q)),
				Tuple.of(1, Arbitraries.of("/actuator/health", "/actuator/info", "/actuator/env", "/actuator/beans",
						"/v3/api-docs")),
				Tuple.of(2, Combinators.combine(pathSegment(), pathSegment())
					.as((a, b) -> "/" + a + "/" + b)),
				Tuple.of(2, Combinators.combine(Arbitraries.of("/api/v1/", "/api/v1/jobs/", "/api/v1/datasets/", "/"),
						pathSegment().list().ofMinSize(1).ofMaxSize(4))
					.as((prefix, segments) -> prefix + String.join("/", segments))));
		Arbitrary<String> method = Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just("GET")),
				Tuple.of(5, Arbitraries.just("POST")), Tuple.of(2, Arbitraries.just("DELETE")),
				Tuple.of(1, Arbitraries.of("PUT", "PATCH", "OPTIONS")));
		Arbitrary<Body> body = Arbitraries.frequencyOf(Tuple.of(5, submission(catalogue).map(this::jsonBody)),
				Tuple.of(2, jsonValue(3).map(this::jsonBody)), Tuple.of(1, malformedJson()),
				Tuple.of(2, upload()), Tuple.of(1, Arbitraries.just(new Body(null, null))),
				Tuple.of(1, Arbitraries.strings().ascii().ofMaxLength(200)
					.map(s -> new Body(s.getBytes(StandardCharsets.UTF_8), "text/plain"))));
		return Combinators.combine(method, path, body, headers(catalogue)).as((m, p, b, h) -> {
			Map<String, String> all = new LinkedHashMap<>(h);
			if (b.contentType() != null) {
				all.put("Content-Type", b.contentType());
			}
			return new FuzzRequest(m, p, all, b.bytes());
		});
	}

	/** A path segment: harmless words, traversal, encoded separators, control characters, oversized text. */
	private static Arbitrary<String> pathSegment() {
		Arbitrary<String> token = Arbitraries.of("..", ".", "%2e%2e", "%2E%2e%2F", "%2F", "%5C", "%00", "%0A", "%0d",
				"%7F", "%20", "%25", "%ff", "%c0%ae", "%E2%82%AC", ";", "%3B", "~", "a", "job", "retail-sales",
				"daily_sales", "demo", "sales.csv", "%09", "-", "_", "0", "-1", "99999999999999999999", "null",
				"%22", "%27", "%3C", "%3E", "%7B", "%7D", "%5B", "%5D", "%60", "%5E", "%7C");
		Arbitrary<String> words = Arbitraries.strings().alpha().numeric().withChars('-', '_', '.').ofMinLength(1)
			.ofMaxLength(20);
		return Arbitraries.frequencyOf(Tuple.of(3, token.list().ofMinSize(1).ofMaxSize(5).map(l -> String.join("", l))),
				Tuple.of(2, words),
				Tuple.of(1, Arbitraries.strings().withChars('a', 'x').ofMinLength(300).ofMaxLength(3000)));
	}

	private static Arbitrary<String> query() {
		Arbitrary<String> key = Arbitraries.of("status", "pipeline", "page", "size", "limit", "name", "overwrite",
				"x", "", "%00");
		Arbitrary<String> value = Arbitraries.oneOf(
				Arbitraries.of("QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED", "running", "true", "false",
						"", "-1", "0", "1", "20", "101", "1000", "1001", "2147483648", "1e3", "NaN", "%00", "..%2F",
						"retail-sales", "a%20b", "%25ZZ"),
				Arbitraries.integers().map(String::valueOf), pathSegment());
		return Combinators.combine(key, value).as((k, v) -> k + "=" + v).list().ofMaxSize(4).map(pairs -> pairs.isEmpty()
				? "" : "?" + String.join("&", pairs));
	}

	private static Arbitrary<Map<String, String>> headers(Catalogue catalogue) {
		Arbitrary<String> auth = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just("Bearer " + ADMIN_KEY)),
				Tuple.of(1, Arbitraries.of("Bearer " + READ_KEY, "Bearer " + SUBMIT_KEY, "Bearer wrong", "Basic abc",
						"Bearer", "")),
				Tuple.of(1, Arbitraries.strings().ascii().ofMaxLength(40).map(s -> "Bearer " + printable(s))));
		Arbitrary<String> accept = Arbitraries.of("application/json", "*/*", "application/problem+json",
				"text/html", "application/xml", "text/csv", "garbage", "application/json;q=0.1, text/html");
		Arbitrary<String> idempotencyKey = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("")),
				Tuple.of(1, Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(300)),
				Tuple.of(1, Arbitraries.strings().ascii().ofMaxLength(60).map(RequestFuzzTests::printable)));
		return Combinators.combine(auth, accept, idempotencyKey).as((a, ac, key) -> {
			Map<String, String> headers = new LinkedHashMap<>();
			if (!a.isEmpty()) {
				headers.put("Authorization", a);
			}
			headers.put("Accept", ac);
			if (!key.isBlank()) {
				headers.put("Idempotency-Key", key);
			}
			return headers;
		});
	}

	/** Header values may only carry visible ASCII and spaces, and not end with a space. */
	private static String printable(String s) {
		return s.replaceAll("[^\\x21-\\x7e]", "x");
	}

	/** Submission-shaped bodies: real and unknown pipelines, real and unknown parameters, values of any type. */
	private static Arbitrary<Object> submission(Catalogue catalogue) {
		Arbitrary<Object> pipeline = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(catalogue.pipelines())),
				Tuple.of(1, jsonValue(1)));
		Arbitrary<String> paramName = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(catalogue.parameters())),
				Tuple.of(1, Arbitraries.strings().alpha().ofMaxLength(12)));
		Arbitrary<Object> paramValue = Arbitraries.frequencyOf(Tuple.of(3, jsonValue(1)),
				Tuple.of(2, Arbitraries.of("skip", "fail", "nope", "demo/sales.csv", "../etc/passwd",
						"/etc/passwd", "demo/../../x.csv", "demo/%2e%2e/x.csv", "demo/\u0000.csv", "C:\\x.csv",
						"demo/activity.csv", "uploads/none.csv", "", " ")),
				Tuple.of(2, Arbitraries.integers().between(-5, 100_000).map(i -> (Object) i)));
		Arbitrary<Map<String, Object>> params = Arbitraries.maps(paramName, paramValue).ofMaxSize(4);
		Arbitrary<Object> timeout = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(null)),
				Tuple.of(2, Arbitraries.longs().between(-10, 10_000_000).map(l -> (Object) l)),
				Tuple.of(1, jsonValue(0)));
		return Combinators.combine(pipeline, params, timeout, Arbitraries.of(true, false)).as((p, ps, t, extra) -> {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("pipeline", p);
			body.put("params", ps);
			if (t != null) {
				body.put("timeoutSeconds", t);
			}
			if (extra) {
				body.put("unexpected", List.of(1, "two"));
			}
			return body;
		});
	}

	/** Any JSON value, nested up to {@code depth}. */
	private static Arbitrary<Object> jsonValue(int depth) {
		Arbitrary<Object> leaf = Arbitraries.oneOf(
				Arbitraries.strings().ofMaxLength(30).map(s -> (Object) s),
				Arbitraries.longs().map(l -> (Object) l),
				Arbitraries.doubles().map(d -> (Object) d),
				Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(30).negate(),
						java.math.BigInteger.TEN.pow(30)).map(b -> (Object) b),
				Arbitraries.of(true, false).map(b -> (Object) b))
			.injectNull(0.1);
		if (depth == 0) {
			return leaf;
		}
		return Arbitraries.frequencyOf(Tuple.of(3, leaf),
				Tuple.of(1, jsonValue(depth - 1).list().ofMaxSize(4).map(l -> (Object) l)),
				Tuple.of(1, Arbitraries.maps(Arbitraries.strings().ofMaxLength(10), jsonValue(depth - 1))
					.ofMaxSize(4)
					.map(m -> (Object) m)));
	}

	private Body jsonBody(Object value) {
		try {
			return new Body(json.writeValueAsBytes(value), "application/json");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Arbitrary<Body> malformedJson() {
		return Arbitraries.of("{", "{\"pipeline\":", "{\"pipeline\":\"retail-sales\",\"params\":{", "[1,2",
				"{\"pipeline\":\"retail-sales\"}}", "\u0000", "{\"pipeline\":NaN}", "{'pipeline':'x'}", "nul",
				"{\"pipeline\":\"retail-sales\",\"params\":\"x\"}")
			.map(s -> new Body(s.getBytes(StandardCharsets.UTF_8), "application/json"));
	}

	/** Multipart uploads with random names, file names and contents (CSV, binary, empty). */
	private static Arbitrary<Body> upload() {
		Arbitrary<String> name = Arbitraries.frequencyOf(
				Tuple.of(2, Arbitraries.strings().alpha().numeric().withChars('-', '_').ofMinLength(1).ofMaxLength(20)),
				Tuple.of(1, Arbitraries.of("..", "../x", "a/b", "a%2Fb", "", " ", "con", "x.csv", "\u00e9t\u00e9")));
		Arbitrary<byte[]> content = Arbitraries.frequencyOf(
				Tuple.of(2, Arbitraries.just("TransactionID,Timestamp,StoreID,ProductID,Quantity,UnitPrice\n"
						+ "A,2024-01-05 08:00:00,0001,P,3,0.5\n".repeat(2)).map(s -> s.getBytes(StandardCharsets.UTF_8))),
				Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(500)),
				Tuple.of(1, Arbitraries.strings().ofMaxLength(300).map(s -> s.getBytes(StandardCharsets.UTF_8))));
		Arbitrary<String> fileField = Arbitraries.of("file", "data", "");
		return Combinators.combine(name, content, fileField, Arbitraries.of("x.csv", "x.bin", "", "../../x.csv"))
			.as((n, c, field, fileName) -> multipart(n, c, field, fileName));
	}

	private static Body multipart(String name, byte[] content, String field, String fileName) {
		String boundary = "sparkway-fuzz-boundary";
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		String nameParts = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n" + name + "\r\n";
		out.writeBytes(nameParts.getBytes(StandardCharsets.UTF_8));
		if (!field.isEmpty()) {
			out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
					+ fileName + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
			out.writeBytes(content);
			out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
		}
		out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return new Body(out.toByteArray(), "multipart/form-data; boundary=" + boundary);
	}

	// ---- what the server says it has ----

	private Catalogue catalogue() {
		JsonNode pipelines = get("/api/v1/pipelines").expect(200).body();
		List<String> names = new ArrayList<>();
		List<String> parameters = new ArrayList<>();
		pipelines.forEach(p -> {
			names.add(p.get("name").asText());
			p.get("parameters").forEach(param -> parameters.add(param.get("name").asText()));
		});
		assertThat(names).contains("retail-sales");
		assertThat(parameters).isNotEmpty();
		return new Catalogue(names, parameters.stream().distinct().toList());
	}

	private record Catalogue(List<String> pipelines, List<String> parameters) {
	}

	private record Body(byte[] bytes, String contentType) {
	}

	private record FuzzRequest(String method, String path, Map<String, String> headers, byte[] body) {

		@Override
		public String toString() {
			String shown = body == null ? "" : new String(body, StandardCharsets.UTF_8);
			return method + " " + path + " " + headers + " body=" + (shown.length() > 300
					? shown.substring(0, 300) + "..." : shown);
		}

	}

}
