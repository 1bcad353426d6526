package dev.sparkway.job;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.support.IntegrationTest;
import dev.sparkway.support.Poll;
import dev.sparkway.support.SlowTestPipeline;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every row of an output over HTTP, by page and as a download, against values worked out by hand.
 */
class OutputRowsTests extends IntegrationTest {

	/** Four daily rows, worked out by hand: 0042 on 03-30 (2*10.0) and 03-31 (4*2.5 + 2*1.5); 7 on 04-01 and 04-15. */
	static final String SALES = """
			TransactionID,Timestamp,StoreID,ProductID,Quantity,UnitPrice
			T1,2024-03-30 23:59:59,0042,P1,2,10.0
			T2,2024-03-31 02:30:00,0042,P2,4,2.5
			T3,2024-03-31 23:00:00,0042,P1,2,1.5
			T4,2024-04-01 00:00:00,7,P3,1,3.0
			T5,2024-04-15 12:00:00,7,P2,3,5.0
			""";

	static final String HEADER = "StoreID,SaleDate,TotalDailySales,TotalDailyTransactions";

	static final List<String> SMALL_CSV = List.of("0042,2024-03-30,20.0,1", "0042,2024-03-31,13.0,2",
			"7,2024-04-01,3.0,1", "7,2024-04-15,15.0,1");

	static final int STORES = 50;

	static final int DAYS = 1000;

	@Test
	void pagingThroughFiftyThousandRowsReturnsEveryRowOnceInOrderEqualToTheDownloads() throws Exception {
		// One sale per store and day: each daily row is that sale's Quantity * UnitPrice, one transaction.
		List<String> sales = new ArrayList<>();
		List<String> expected = new ArrayList<>();
		LocalDate start = LocalDate.of(2020, 1, 1);
		for (int s = 0; s < STORES; s++) {
			for (int d = 0; d < DAYS; d++) {
				int quantity = (s + d) % 5 + 1;
				double price = ((s * 7 + d) % 20 + 1) * 0.5;
				String store = String.format("S%02d", s);
				String day = start.plusDays(d).toString();
				sales.add("T" + s + "-" + d + "," + day + " 12:00:00," + store + ",P1," + quantity + "," + price + "\n");
				expected.add(store + "," + day + "," + (quantity * price) + ",1");
			}
		}
		// Written newest first, so the order of the pages is the server's doing.
		StringBuilder csv = new StringBuilder("TransactionID,Timestamp,StoreID,ProductID,Quantity,UnitPrice\n");
		for (int i = sales.size() - 1; i >= 0; i--) {
			csv.append(sales.get(i));
		}
		String id = runToSuccess("retail-sales", Map.of("salesPath", writeInput("rows/big.csv", csv.toString())))
			.get("id").asText();
		String base = "/api/v1/jobs/" + id + "/outputs/daily_sales/";

		List<String> paged = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			JsonNode page = get(base + "rows?size=7000" + (cursor == null ? "" : "&cursor=" + cursor)).expect(200).body();
			pages++;
			assertThat(page.get("totalRows").asLong()).isEqualTo(50_000);
			assertThat(page.get("size").asInt()).isEqualTo(7000);
			assertThat(page.get("rows")).hasSize(pages <= 7 ? 7000 : 1000);
			page.get("rows").forEach(row -> paged.add(csvLine(row)));
			cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
		}
		while (cursor != null && pages < 20);

		assertThat(pages).isEqualTo(8);
		assertThat(paged).hasSize(50_000).doesNotHaveDuplicates().isEqualTo(expected);

		Reply csvDownload = get(base + "download?format=csv").expect(200);
		assertThat(csvDownload.headers().getFirst(HttpHeaders.CONTENT_DISPOSITION))
			.isEqualTo("attachment; filename=\"" + id + "-daily_sales.csv\"");
		List<String> lines = List.of(csvDownload.text().split("\r\n", -1));
		assertThat(lines.get(0)).isEqualTo(HEADER);
		assertThat(lines.subList(1, lines.size() - 1)).isEqualTo(expected);
		assertThat(lines.get(lines.size() - 1)).isEmpty();

		Reply jsonl = get(base + "download?format=jsonl").expect(200);
		assertThat(jsonl.headers().getFirst(HttpHeaders.CONTENT_DISPOSITION))
			.isEqualTo("attachment; filename=\"" + id + "-daily_sales.jsonl\"");
		List<String> fromJsonl = new ArrayList<>();
		for (String line : jsonl.text().split("\n")) {
			fromJsonl.add(csvLine(json.readTree(line)));
		}
		assertThat(fromJsonl).isEqualTo(expected);
	}

	@Test
	void pagesFiltersAndProjectsASmallOutputAsWorkedOutByHand() {
		String id = runToSuccess("retail-sales", Map.of("salesPath", writeInput("rows/small.csv", SALES))).get("id").asText();
		String base = "/api/v1/jobs/" + id + "/outputs/daily_sales/rows";

		JsonNode first = get(base + "?size=3").expect(200).body();
		assertThat(first.get("output").asText()).isEqualTo("daily_sales");
		assertThat(first.get("schema").toString()).isEqualTo("""
				[{"name":"StoreID","type":"string"},{"name":"SaleDate","type":"string"},\
				{"name":"TotalDailySales","type":"double"},{"name":"TotalDailyTransactions","type":"bigint"}]""");
		assertThat(first.get("rows").toString()).isEqualTo("""
				[{"StoreID":"0042","SaleDate":"2024-03-30","TotalDailySales":20.0,"TotalDailyTransactions":1},\
				{"StoreID":"0042","SaleDate":"2024-03-31","TotalDailySales":13.0,"TotalDailyTransactions":2},\
				{"StoreID":"7","SaleDate":"2024-04-01","TotalDailySales":3.0,"TotalDailyTransactions":1}]""");
		assertThat(first.get("totalRows").asLong()).isEqualTo(4);
		JsonNode last = get(base + "?size=3&cursor=" + first.get("nextCursor").asText()).expect(200).body();
		assertThat(last.get("rows").toString())
			.isEqualTo("[{\"StoreID\":\"7\",\"SaleDate\":\"2024-04-15\",\"TotalDailySales\":15.0,\"TotalDailyTransactions\":1}]");
		assertThat(last.get("nextCursor").isNull()).isTrue();
		JsonNode all = get(base).expect(200).body();
		assertThat(all.get("size").asInt()).isEqualTo(1000);
		assertThat(all.get("rows")).hasSize(4);
		assertThat(all.get("nextCursor").isNull()).isTrue();

		JsonNode store7 = get(base + "?filter.StoreID=7&columns=SaleDate,TotalDailySales").expect(200).body();
		assertThat(store7.get("totalRows").asLong()).isEqualTo(2);
		assertThat(store7.get("schema").toString())
			.isEqualTo("[{\"name\":\"SaleDate\",\"type\":\"string\"},{\"name\":\"TotalDailySales\",\"type\":\"double\"}]");
		assertThat(store7.get("rows").toString()).isEqualTo("""
				[{"SaleDate":"2024-04-01","TotalDailySales":3.0},{"SaleDate":"2024-04-15","TotalDailySales":15.0}]""");

		JsonNode both = get(base + "?filter.StoreID=0042&filter.TotalDailySales=13.0").expect(200).body();
		assertThat(both.get("totalRows").asLong()).isEqualTo(1);
		assertThat(both.at("/rows/0/SaleDate").asText()).isEqualTo("2024-03-31");
		assertThat(get(base + "?filter.StoreID=0042&filter.StoreID=7").expect(200).body().get("totalRows").asLong())
			.isZero();

		JsonNode filteredFirst = get(base + "?filter.TotalDailyTransactions=1&size=2").expect(200).body();
		assertThat(filteredFirst.get("totalRows").asLong()).isEqualTo(3);
		JsonNode filteredLast = get(base + "?filter.TotalDailyTransactions=1&size=2&cursor="
				+ filteredFirst.get("nextCursor").asText()).expect(200).body();
		assertThat(filteredLast.get("rows").toString()).contains("2024-04-15").doesNotContain("2024-03-31");
		assertThat(filteredLast.get("totalRows").asLong()).isEqualTo(3);
		assertThat(filteredLast.get("nextCursor").isNull()).isTrue();
	}

	@Test
	void downloadsAreRfc4180CsvAndJsonLinesWithThePreviewsValues() {
		String id = runToSuccess("retail-sales", Map.of("salesPath", writeInput("rows/download.csv", SALES))).get("id").asText();
		String base = "/api/v1/jobs/" + id + "/outputs/daily_sales/download";

		Reply csv = get(base + "?format=csv").expect(200);
		assertThat(csv.contentType()).startsWith("text/csv");
		assertThat(csv.text()).isEqualTo(HEADER + "\r\n" + String.join("\r\n", SMALL_CSV) + "\r\n");
		assertThat(get(base).expect(200).text()).isEqualTo(csv.text());

		Reply jsonl = get(base + "?format=jsonl").expect(200);
		assertThat(jsonl.contentType()).startsWith("application/jsonl");
		assertThat(jsonl.headers().getFirst(HttpHeaders.CONTENT_DISPOSITION))
			.isEqualTo("attachment; filename=\"" + id + "-daily_sales.jsonl\"");
		assertThat(jsonl.text()).isEqualTo("""
				{"StoreID":"0042","SaleDate":"2024-03-30","TotalDailySales":20.0,"TotalDailyTransactions":1}
				{"StoreID":"0042","SaleDate":"2024-03-31","TotalDailySales":13.0,"TotalDailyTransactions":2}
				{"StoreID":"7","SaleDate":"2024-04-01","TotalDailySales":3.0,"TotalDailyTransactions":1}
				{"StoreID":"7","SaleDate":"2024-04-15","TotalDailySales":15.0,"TotalDailyTransactions":1}
				""");
	}

	@Test
	void badSizeCursorColumnFilterAndFormatAre400sNamingTheField() {
		String id = runToSuccess("retail-sales", Map.of("salesPath", writeInput("rows/errors.csv", SALES))).get("id").asText();
		String base = "/api/v1/jobs/" + id + "/outputs/daily_sales/";
		String cursor = get(base + "rows?size=1").expect(200).body().get("nextCursor").asText();

		assertField(get(base + "rows?size=0"), "size", "1");
		assertField(get(base + "rows?size=10001"), "size", "10000");
		assertField(get(base + "rows?cursor=not-a-cursor"), "cursor", "nextCursor");
		assertField(get(base + "rows?cursor=" + cursor + "&filter.StoreID=7"), "cursor", "filters");
		assertField(get(base + "rows?columns=SaleDate,Nope"), "columns", "Nope");
		assertField(get(base + "rows?filter.Nope=1"), "filter.Nope", "StoreID");
		assertField(get(base + "rows?filter.TotalDailySales=abc"), "filter.TotalDailySales", "not a double");
		assertField(get(base + "rows?filter.TotalDailySales=13"), "filter.TotalDailySales", "'13.0'");
		assertField(get(base + "rows?sise=3"), "sise", "size");
		assertField(get(base + "download?format=xml"), "format", "csv and jsonl");
	}

	@Test
	void unknownJobOrOutputIs404AndAnUnfinishedJobIs409LikeThePreview() {
		String id = runToSuccess("retail-sales", Map.of("salesPath", writeInput("rows/missing.csv", SALES))).get("id").asText();
		for (String endpoint : List.of("rows", "download")) {
			assertThat(problem(get("/api/v1/jobs/no-such-job/outputs/daily_sales/" + endpoint), 404).get("detail").asText())
				.contains("no-such-job");
			assertThat(problem(get("/api/v1/jobs/" + id + "/outputs/yearly_sales/" + endpoint), 404).get("detail").asText())
				.contains("daily_sales");
		}

		String running = submit(SlowTestPipeline.NAME, Map.of("tasks", 1, "taskMillis", 60_000));
		try {
			for (String endpoint : List.of("rows", "download")) {
				assertThat(problem(get("/api/v1/jobs/" + running + "/outputs/first/" + endpoint), 409).get("detail").asText())
					.contains("once it has SUCCEEDED");
			}
		}
		finally {
			post("/api/v1/jobs/" + running + "/cancel");
			awaitStatus(running, Duration.ofMinutes(1), "CANCELLED", "FAILED", "SUCCEEDED");
		}
	}

	@Test
	void aRunningStreamsOutputPagesFiltersByTimestampAndDownloads() {
		writeInput("rows/stream/a.jsonl", tweet("10:00", "happy") + tweet("10:01", "sad") + tweet("10:05", "fine"));
		String id = submit("tweet-sentiment", Map.of("path", "rows/stream", "triggerInterval", "1 second"));
		try {
			Poll.until(Duration.ofMinutes(3), "first micro-batch written",
					() -> get("/api/v1/jobs/" + id).expect(200).body().at("/outputs/0/rowCount").asLong() == 3);
			String base = "/api/v1/jobs/" + id + "/outputs/window_counts/";

			List<String> paged = new ArrayList<>();
			String cursor = null;
			do {
				JsonNode page = get(base + "rows?size=1&columns=WindowStart,Sentiment,Count"
						+ (cursor == null ? "" : "&cursor=" + cursor)).expect(200).body();
				assertThat(page.get("totalRows").asLong()).isEqualTo(3);
				page.get("rows").forEach(row -> paged.add(row.toString()));
				cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
			}
			while (cursor != null && paged.size() < 10);
			// 5-minute windows, ordered by start, then sentiment.
			assertThat(paged).containsExactly(
					"{\"WindowStart\":\"2023-10-25T10:00:00Z\",\"Sentiment\":\"negative\",\"Count\":1}",
					"{\"WindowStart\":\"2023-10-25T10:00:00Z\",\"Sentiment\":\"positive\",\"Count\":1}",
					"{\"WindowStart\":\"2023-10-25T10:05:00Z\",\"Sentiment\":\"neutral\",\"Count\":1}");

			JsonNode tenOClock = get(base + "rows?filter.WindowStart=2023-10-25T10:00:00Z").expect(200).body();
			assertThat(tenOClock.get("totalRows").asLong()).isEqualTo(2);
			assertThat(get(base + "download?format=jsonl").expect(200).text().lines()).hasSize(3)
				.allSatisfy(line -> assertThat(line).contains("\"WindowEnd\":\"2023-10-25T10:"));
			assertThat(get("/api/v1/jobs/" + id).expect(200).body().get("status").asText()).isEqualTo("RUNNING");
		}
		finally {
			post("/api/v1/jobs/" + id + "/cancel");
			awaitStatus(id, Duration.ofMinutes(1), "CANCELLED", "FAILED", "SUCCEEDED");
		}
	}

	@Test
	void aReadKeyMayPageAndDownload() {
		String id = runToSuccess("retail-sales", Map.of("salesPath", writeInput("rows/read.csv", SALES))).get("id").asText();
		for (String endpoint : List.of("rows", "download")) {
			assertThat(exchange(RestClient.create("http://localhost:" + port)
				.get()
				.uri("/api/v1/jobs/" + id + "/outputs/daily_sales/" + endpoint)
				.header("X-API-Key", READ_KEY)).status()).isEqualTo(200);
		}
	}

	private static String tweet(String time, String text) {
		return "{\"created_at\":\"Wed Oct 25 " + time + ":00 +0000 2023\",\"id_str\":\"1\",\"text\":\"" + text + "\"}\n";
	}

	private static String csvLine(JsonNode row) {
		return row.get("StoreID").asText() + "," + row.get("SaleDate").asText() + ","
				+ row.get("TotalDailySales").asDouble() + "," + row.get("TotalDailyTransactions").asLong();
	}

	private static JsonNode problem(Reply reply, int status) {
		reply.expect(status);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		return reply.body();
	}

	private static void assertField(Reply reply, String field, String hint) {
		JsonNode problem = problem(reply, 400);
		assertThat(problem.at("/errors/0/field").asText()).as("problem %s", problem).isEqualTo(field);
		assertThat(problem.at("/errors/0/message").asText()).as("problem %s", problem).contains(hint);
	}

}
