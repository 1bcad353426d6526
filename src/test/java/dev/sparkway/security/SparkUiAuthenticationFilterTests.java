package dev.sparkway.security;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.DispatcherType;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sparkproject.jetty.server.Server;
import org.sparkproject.jetty.server.ServerConnector;
import org.sparkproject.jetty.servlet.FilterHolder;
import org.sparkproject.jetty.servlet.ServletContextHandler;
import org.sparkproject.jetty.servlet.ServletHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spark UI filter in Spark's own (shaded) Jetty, in front of a stand-in kill handler, for what the suite's
 * shared session cannot show: with {@code spark.ui.killEnabled=true} only an {@code admin} key kills; with
 * security off the UI is open and killing stays off unless turned on.
 */
class SparkUiAuthenticationFilterTests {

	private static final String READ = "read-key", SUBMIT = "submit-key", ADMIN = "admin-key";

	private final AtomicInteger kills = new AtomicInteger();

	private Server server;

	@AfterEach
	void stop() throws Exception {
		if (server != null) {
			server.stop();
		}
	}

	@Test
	void withKillingTurnedOnOnlyAnAdminKeyKills() throws Exception {
		String ui = start(true, true);

		assertThat(post(ui + "/stages/stage/kill/?id=3", null)).isEqualTo(401);
		assertThat(post(ui + "/stages/stage/kill/?id=3", READ)).isEqualTo(403);
		assertThat(post(ui + "/jobs/job/kill/?id=3", SUBMIT)).isEqualTo(403);
		assertThat(kills).hasValue(0);
		assertThat(post(ui + "/stages/stage/kill/?id=3", ADMIN)).isEqualTo(200);
		assertThat(post(ui + "/jobs/job/kill/?id=3", ADMIN)).isEqualTo(200);
		assertThat(kills).hasValue(2);
		// Pages still need only read.
		assertThat(post(ui + "/jobs/", READ)).isEqualTo(200);
	}

	@Test
	void withSecurityOffTheUiIsOpenAndKillingStaysOffUnlessTurnedOn() throws Exception {
		String closed = start(false, false);
		assertThat(post(closed + "/jobs/", null)).isEqualTo(200);
		assertThat(post(closed + "/stages/stage/kill/?id=3", null)).isEqualTo(403);
		assertThat(post(closed + "/stages/stage/kill/?id=3", ADMIN)).isEqualTo(403);
		assertThat(kills).hasValue(0);
		server.stop();

		String open = start(false, true);
		assertThat(post(open + "/stages/stage/kill/?id=3", null)).isEqualTo(200);
		assertThat(kills).hasValue(1);
	}

	@Test
	void killPathsAreRecognisedHoweverWritten() {
		for (String path : List.of("/stages/stage/kill", "/stages/stage/kill/", "/jobs/job/kill/",
				"/proxy/app-1/stages/stage/kill/", "/stages/stage/%6Bill/", "/stages//stage/kill",
				"/stages/stage;x=1/kill/", "/Stages/Stage/Kill/", "/stages/stage/kill/anything")) {
			assertThat(SparkUiAuthenticationFilter.isKillRequest(request(path))).as(path).isTrue();
		}
		for (String path : List.of("/stages/stage/", "/jobs/job/", "/api/v1/applications/app-1/stages",
				"/stages/stage/killer/")) {
			assertThat(SparkUiAuthenticationFilter.isKillRequest(request(path))).as(path).isFalse();
		}
	}

	private String start(boolean securityEnabled, boolean killEnabled) throws Exception {
		SecurityProperties properties = new SecurityProperties(securityEnabled,
				List.of(key("reader", READ, Role.READ), key("ci", SUBMIT, Role.SUBMIT), key("ops", ADMIN, Role.ADMIN)));
		SparkUiSecurity policy = new SparkUiSecurity(properties, killEnabled);
		ServletContextHandler context = new ServletContextHandler();
		context.setContextPath("/");
		context.addFilter(new FilterHolder(new SparkUiAuthenticationFilter(() -> Optional.of(policy))), "/*",
				EnumSet.allOf(DispatcherType.class));
		context.addServlet(new ServletHolder(new HttpServlet() {
			@Override
			protected void service(HttpServletRequest request, HttpServletResponse response) {
				if (request.getRequestURI().contains("kill")) {
					kills.incrementAndGet();
				}
				response.setStatus(200);
			}
		}), "/*");
		server = new Server();
		ServerConnector connector = new ServerConnector(server);
		connector.setHost("127.0.0.1");
		connector.setPort(0);
		server.addConnector(connector);
		server.setHandler(context);
		server.start();
		return "http://127.0.0.1:" + connector.getLocalPort();
	}

	private static int post(String url, String key) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody());
		if (key != null) {
			request.header("X-API-Key", key);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private static SecurityProperties.ApiKey key(String name, String key, Role role) {
		return new SecurityProperties.ApiKey(name, HexFormat.of().formatHex(ApiKeyMatcher.sha256(key)),
				Set.of(role));
	}

	private static HttpServletRequest request(String uri) {
		return (HttpServletRequest) Proxy.newProxyInstance(
				SparkUiAuthenticationFilterTests.class.getClassLoader(), new Class<?>[] { HttpServletRequest.class },
				(proxy, method, args) -> method.getName().equals("getRequestURI") ? uri : null);
	}

}
