package dev.sparkway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed-rate HTTP GET load generator, run in a process of its own. Request i is due at start + i / rate; its
 * latency is measured from that intended time (not from when it was actually sent), so a stalled server cannot
 * hide its stall by slowing the client down (no coordinated omission).
 * <p>
 * Arguments: url, requests per second, warm-up seconds (not recorded), measured seconds. Prints one line:
 * {@code RESULT sent=.. errors=.. p50=.. p90=.. p99=.. max=..} (milliseconds).
 */
public final class LoadGenerator {

	public static void main(String[] args) throws Exception {
		URI uri = URI.create(args[0]);
		int rate = Integer.parseInt(args[1]);
		int warmup = Integer.parseInt(args[2]);
		int seconds = Integer.parseInt(args[3]);
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
		int total = rate * (warmup + seconds);
		int skip = rate * warmup;
		long[] latencies = new long[total - skip];
		AtomicInteger errors = new AtomicInteger();
		ExecutorService senders = Executors.newFixedThreadPool(64);
		long periodNanos = 1_000_000_000L / rate;
		long start = System.nanoTime() + 100_000_000L;
		for (int i = 0; i < total; i++) {
			long intended = start + i * periodNanos;
			long wait = intended - System.nanoTime();
			if (wait > 0) {
				TimeUnit.NANOSECONDS.sleep(wait);
			}
			int index = i - skip;
			senders.execute(() -> {
				try {
					HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
					if (response.statusCode() != 200) {
						errors.incrementAndGet();
					}
				}
				catch (Exception ex) {
					errors.incrementAndGet();
				}
				if (index >= 0) {
					latencies[index] = System.nanoTime() - intended;
				}
			});
		}
		senders.shutdown();
		senders.awaitTermination(2, TimeUnit.MINUTES);
		Arrays.sort(latencies);
		System.out.printf("RESULT sent=%d errors=%d p50=%.2f p90=%.2f p99=%.2f max=%.2f%n", latencies.length,
				errors.get(), ms(latencies, 0.50), ms(latencies, 0.90), ms(latencies, 0.99),
				latencies[latencies.length - 1] / 1e6);
	}

	private static double ms(long[] sorted, double quantile) {
		int rank = (int) Math.ceil(quantile * sorted.length);
		return sorted[Math.max(0, rank - 1)] / 1e6;
	}

}
