package dev.sparkway.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback that records every request it gets and answers with the status a test chooses:
 * the other end of a webhook.
 */
final class WebhookReceiver implements AutoCloseable {

	/** A request as it arrived: headers (first value, lower-case names), raw body, what was answered. */
	record Received(String path, Map<String, String> headers, String body, int answered) {
	}

	private final HttpServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private volatile IntSupplier status = () -> 200;

	WebhookReceiver() {
		try {
			server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		server.createContext("/", exchange -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			Map<String, String> headers = new java.util.HashMap<>();
			exchange.getRequestHeaders()
				.forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
			int answer = status.getAsInt();
			received.add(new Received(exchange.getRequestURI().getPath(), headers, body, answer));
			if (answer / 100 == 3) {
				exchange.getResponseHeaders().add("Location", url("/elsewhere"));
			}
			exchange.sendResponseHeaders(answer, -1);
			exchange.close();
		});
		server.start();
	}

	/** Answers with the given statuses in turn, then 200. */
	WebhookReceiver answering(int... statuses) {
		int[] next = { 0 };
		status = () -> {
			synchronized (next) {
				return next[0] < statuses.length ? statuses[next[0]++] : 200;
			}
		};
		return this;
	}

	WebhookReceiver alwaysAnswering(int answer) {
		status = () -> answer;
		return this;
	}

	String url(String path) {
		return "http://127.0.0.1:" + server.getAddress().getPort() + path;
	}

	List<Received> received() {
		return new ArrayList<>(received);
	}

	@Override
	public void close() {
		server.stop(0);
	}

}
