package dev.sparkway.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Server-Sent Events client for tests, over real HTTP: reads the stream on a thread of its own and hands out
 * what it parsed, events and comments, in order; {@link #next} waits with a deadline.
 */
public final class SseClient implements AutoCloseable {

	/** A parsed event; {@code comment} is set (and the rest null) for a comment line. */
	public record Event(String id, String name, String data, String comment) {
	}

	private static final Event END = new Event(null, null, null, null);

	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final BlockingQueue<Event> received = new LinkedBlockingQueue<>();

	private final HttpResponse<InputStream> response;

	private volatile boolean ended;

	private SseClient(HttpResponse<InputStream> response) {
		this.response = response;
		Thread reader = new Thread(this::read, "sse-client");
		reader.setDaemon(true);
		reader.start();
	}

	/** Connects (headers are name, value, name, value, ...) and returns once the response headers arrived. */
	public static SseClient connect(String url, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public int status() {
		return response.statusCode();
	}

	public String header(String name) {
		return response.headers().firstValue(name).orElse(null);
	}

	/** The next event or comment, failing after the deadline; null once the server closed the stream. */
	public Event next(Duration deadline) {
		try {
			Event event = received.poll(deadline.toMillis(), TimeUnit.MILLISECONDS);
			if (event == null) {
				throw new AssertionError("No event within " + deadline);
			}
			if (event == END) {
				received.add(END);
				return null;
			}
			return event;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted", ex);
		}
	}

	/** The next event, skipping comments; null once the server closed the stream. */
	public Event nextEvent(Duration deadline) {
		long end = System.nanoTime() + deadline.toNanos();
		Event event;
		do {
			event = next(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
		}
		while (event != null && event.comment() != null);
		return event;
	}

	public boolean ended() {
		return ended;
	}

	private void read() {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			String id = null;
			String name = null;
			StringBuilder data = null;
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.isEmpty()) {
					if (data != null || name != null || id != null) {
						received.add(new Event(id, name, data == null ? null : data.toString(), null));
					}
					id = null;
					name = null;
					data = null;
				}
				else if (line.startsWith(":")) {
					received.add(new Event(null, null, null, line.substring(1).strip()));
				}
				else if (line.startsWith("id:")) {
					id = line.substring(3).strip();
				}
				else if (line.startsWith("event:")) {
					name = line.substring(6).strip();
				}
				else if (line.startsWith("data:")) {
					String value = line.substring(5);
					value = value.startsWith(" ") ? value.substring(1) : value;
					data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
				}
			}
		}
		catch (IOException closed) {
			// Closed by close(), or the connection broke: either way the stream ended.
		}
		ended = true;
		received.add(END);
	}

	@Override
	public void close() {
		try {
			response.body().close();
		}
		catch (IOException ignored) {
			// Closing a stream that is gone already.
		}
	}

}
