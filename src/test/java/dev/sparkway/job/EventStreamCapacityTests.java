package dev.sparkway.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.sparkway.support.IntegrationTest;
import dev.sparkway.support.Poll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1,000 idle event streams over real sockets (the default bound, sparkway.http.max-event-streams): the server
 * keeps answering and running jobs, keeps each stream alive with a comment, and answers one stream more 503
 * at-capacity.
 */
class EventStreamCapacityTests extends IntegrationTest {

	private static final int STREAMS = 1000;

	@Autowired
	JobEventStreams streams;

	@Test
	void aThousandIdleStreamsAndTheServerStillAnswersAndRefusesOneMore() throws Exception {
		// Streams other test classes left are released once the server notices their clients went.
		Poll.until(Duration.ofSeconds(60), "no event stream open", () -> streams.openStreams() == 0);
		List<Socket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < STREAMS; i++) {
				Socket socket = new Socket("localhost", port);
				sockets.add(socket);
				socket.setSoTimeout(30_000);
				request(socket, "/api/v1/events");
				String head = readUntil(socket.getInputStream(), ": connected");
				assertThat(head).as("stream %d", i).startsWith("HTTP/1.1 200").contains("text/event-stream");
			}
			assertThat(streams.openStreams()).isEqualTo(STREAMS);

			// The server still answers, and still runs a job, with every stream open and idle.
			get("/actuator/health").expect(200);
			get("/api/v1/jobs?size=1").expect(200);
			writeInput("capacity-streams/sales.csv", """
					TransactionID,Timestamp,StoreID,ProductID,UserID,Quantity,UnitPrice
					T1,2024-01-01 10:00:00,1,P,U,1,1.0
					""");
			runToSuccess("retail-sales", Map.of("salesPath", "capacity-streams/sales.csv"));

			// One more: refused, with when to come back.
			Reply refused = exchange(http().get().uri("/api/v1/events").header("Accept", "text/event-stream"))
				.expect(503);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.body().get("type").asText()).endsWith("/at-capacity");
			assertThat(refused.headers().getFirst("Retry-After")).isEqualTo("10");

			// An idle stream hears a keep-alive comment well within 15 s (the job events above come first).
			String heard = readUntil(sockets.get(0).getInputStream(), ": keep-alive");
			assertThat(heard).contains(": keep-alive");
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
		}
		Poll.until(Duration.ofSeconds(60), "closed streams released", () -> streams.openStreams() == 0);
	}

	private static void request(Socket socket, String path) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\nX-API-Key: "
				+ READ_KEY + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

	/** Reads until the text appears (the socket's timeout bounds the wait). */
	private static String readUntil(InputStream in, String text) throws IOException {
		StringBuilder seen = new StringBuilder();
		byte[] buffer = new byte[4096];
		while (seen.indexOf(text) < 0) {
			int n = in.read(buffer);
			if (n < 0) {
				throw new AssertionError("Stream closed before '" + text + "': " + seen);
			}
			seen.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
		}
		return seen.toString();
	}

}
