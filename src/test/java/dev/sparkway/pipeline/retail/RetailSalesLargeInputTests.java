package dev.sparkway.pipeline.retail;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkway.support.Poll;
import dev.sparkway.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server with a small heap runs retail-sales on an input that, held as Java objects, would need more than twice
 * that heap, and stays up: nothing brings data proportional to the input into the driver.
 */
class RetailSalesLargeInputTests {

	private static final long HEAP_BYTES = 640L << 20;

	/** 28 store-days of 160,000 sales each. */
	private static final int DAYS = 28;

	private static final int ROWS_PER_DAY = 160_000;

	private static final int ROWS = DAYS * ROWS_PER_DAY;

	private final ObjectMapper json = new ObjectMapper();

	@TempDir
	Path root;

	@Test
	void aSmallHeapServerAggregatesAnInputLargerThanItsHeapAndStaysUp() throws Exception {
		long objectBytes = writeSales(root.resolve("input/big/sales.csv"));
		assertThat(objectBytes).as("the input as Java objects, at the least").isGreaterThan(2 * HEAP_BYTES);

		try (ServerProcess server = ServerProcess.start(root, (HEAP_BYTES >> 20) + "m", Map.of())) {
			RestClient http = server.http();
			String id = json.readTree(http.post()
				.uri("/api/v1/jobs")
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"pipeline\":\"retail-sales\",\"params\":{\"salesPath\":\"big/sales.csv\"}}")
				.retrieve()
				.body(String.class)).get("id").asText();
			Poll.until(Duration.ofMinutes(5), "job " + id + " ended", () -> !get(http, "/api/v1/jobs/" + id)
				.get("status")
				.asText()
				.matches("QUEUED|RUNNING"));

			JsonNode job = get(http, "/api/v1/jobs/" + id);
			assertThat(job.get("status").asText()).as("%s\n%s", job, server.logTail()).isEqualTo("SUCCEEDED");
			assertThat(job.at("/summary/inputRows").asLong()).isEqualTo(ROWS);
			assertThat(job.at("/summary/rejectedRows").asLong()).isZero();
			// Day d (Jan 1 + d) belongs to store d % 4: 160,000 sales of 2 x 0.50 each.
			JsonNode daily = get(http, "/api/v1/jobs/" + id + "/outputs/daily_sales/preview?limit=1000");
			assertThat(daily.get("rows")).hasSize(DAYS);
			for (JsonNode row : daily.get("rows")) {
				int day = LocalDate.parse(row.get("SaleDate").asText()).getDayOfMonth() - 1;
				assertThat(row.get("StoreID").asText()).isEqualTo(store(day));
				assertThat(row.get("TotalDailySales").asDouble()).isEqualTo(160_000.0);
				assertThat(row.get("TotalDailyTransactions").asLong()).isEqualTo(ROWS_PER_DAY);
			}
			// Each store has 7 of the 28 days in January: 1,120,000 sales.
			JsonNode monthly = get(http, "/api/v1/jobs/" + id + "/outputs/monthly_sales/preview?limit=2");
			assertThat(monthly.get("truncated").asBoolean()).isTrue();
			assertThat(monthly.get("rows")).hasSize(2);
			assertThat(monthly.at("/rows/0/TotalMonthlyTransactions").asLong()).isEqualTo(7L * ROWS_PER_DAY);
			assertThat(monthly.at("/rows/0/TotalMonthlySales").asDouble()).isEqualTo(1_120_000.0);

			assertThat(get(http, "/actuator/health").get("status").asText()).isEqualTo("UP");
		}
	}

	private static String store(int day) {
		return "%04d".formatted(day % 4);
	}

	/**
	 * Writes the sales and returns a lower bound of their size as Java objects: per row an Object[] of six
	 * references (40 bytes) and six Strings of at least 40 bytes plus their characters.
	 */
	private static long writeSales(Path file) throws Exception {
		Files.createDirectories(file.getParent());
		long bytes = 0;
		try (BufferedWriter out = Files.newBufferedWriter(file)) {
			out.write("TransactionID,Timestamp,StoreID,ProductID,Quantity,UnitPrice\n");
			for (int i = 0; i < ROWS; i++) {
				int day = i % DAYS;
				String row = "T" + i + "," + LocalDate.of(2024, 1, 1 + day) + " 12:00:00," + store(day) + ",P"
						+ (i % 50) + ",2,0.50";
				out.write(row);
				out.write('\n');
				bytes += 40 + 6 * 40 + row.length() - 5;
			}
		}
		return bytes;
	}

	private JsonNode get(RestClient http, String path) {
		try {
			return json.readTree(http.get().uri(path).retrieve().body(String.class));
		}
		catch (Exception ex) {
			throw new AssertionError("GET " + path + " failed", ex);
		}
	}

}
