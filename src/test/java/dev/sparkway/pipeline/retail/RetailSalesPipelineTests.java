package dev.sparkway.pipeline.retail;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * retail-sales through the real API, against expected values worked out by hand from the fixture below.
 */
class RetailSalesPipelineTests extends IntegrationTest {

	/**
	 * Columns shuffled, an extra Notes column, a leading-zero StoreID, three rejected rows (bad timestamp,
	 * non-numeric quantity, empty price), a timestamp inside the Europe/* daylight-saving gap, and quoted fields with
	 * embedded commas and quotes (one of them a TransactionID).
	 */
	static final String SALES = """
			UnitPrice,Notes,StoreID,Quantity,Timestamp,ProductID,TransactionID,UserID
			10.0,ok,0042,2,2024-03-30 23:59:59,P1,T1,U1
			2.5,"say ""hi"", friend",0042,4,2024-03-31 02:30:00,P2,T2,U2
			1.5,,0042,2,2024-03-31 23:00:00,P1,T3,U1
			3.0,x,7,1,2024-04-01 00:00:00,P3,T4,U3
			4.0,bad timestamp,0042,1,2024-13-01 10:00:00,P1,T5,U1
			4.0,bad quantity,0042,two,2024-03-31 10:00:00,P1,T6,U1
			,empty price,0042,1,2024-03-31 10:00:00,P1,T7,U1
			5.0,"a, ""quoted"" note",7,3,2024-04-15 12:00:00,P2,"T8, ""special"" id",U2
			""";

	@Test
	void aggregatesDailyAndMonthlySalesPerStoreAndCountsRejectedRows() {
		String path = writeInput("retail/sales-fixture.csv", SALES);

		JsonNode job = runToSuccess("retail-sales", Map.of("salesPath", path));

		assertThat(job.at("/summary/inputRows").asLong()).isEqualTo(8);
		assertThat(job.at("/summary/rejectedRows").asLong()).isEqualTo(3);
		assertThat(job.at("/progress/fraction").asDouble()).isEqualTo(1.0);
		assertThat(job.at("/metrics/outputRecords").asLong()).isPositive();

		JsonNode daily = previewRows(job.get("id").asText(), "daily_sales");
		assertThat(daily).hasSize(4);
		assertDaily(daily.get(0), "0042", "2024-03-30", 10.0 * 2, 1);
		// 02:30 falls in a daylight-saving gap in Europe; in UTC it is an ordinary time on the 31st.
		assertDaily(daily.get(1), "0042", "2024-03-31", 2.5 * 4 + 1.5 * 2, 2);
		assertDaily(daily.get(2), "7", "2024-04-01", 3.0, 1);
		assertDaily(daily.get(3), "7", "2024-04-15", 5.0 * 3, 1);

		JsonNode monthly = previewRows(job.get("id").asText(), "monthly_sales");
		assertThat(monthly).hasSize(2);
		assertMonthly(monthly.get(0), "0042", "2024-03", 20.0 + 13.0, 3);
		assertMonthly(monthly.get(1), "7", "2024-04", 3.0 + 15.0, 2);

		JsonNode outputs = job.get("outputs");
		assertThat(outputs.get(0).get("name").asText()).isEqualTo("daily_sales");
		assertThat(outputs.get(0).get("format").asText()).isEqualTo("parquet");
		assertThat(outputs.get(0).get("rowCount").asLong()).isEqualTo(4);
		assertThat(outputs.get(0).get("location").asText()).startsWith("file:").contains(job.get("id").asText());
		assertThat(outputs.get(0).get("schema").toString()).isEqualTo("""
				[{"name":"StoreID","type":"string"},{"name":"SaleDate","type":"string"},\
				{"name":"TotalDailySales","type":"double"},{"name":"TotalDailyTransactions","type":"bigint"}]""");
		assertThat(outputs.get(1).get("rowCount").asLong()).isEqualTo(2);
	}

	/**
	 * Exported from a spreadsheet: records end with CRLF and quoted fields hold line breaks (CRLF, LF, several),
	 * one of them in a TransactionID and one in a ProductID. One rejected row (empty Quantity), itself spanning
	 * lines.
	 */
	static final String SALES_WITH_LINE_BREAKS = "TransactionID,Timestamp,StoreID,ProductID,Quantity,UnitPrice,Notes\r\n"
			+ "T1,2024-03-01 10:00:00,0042,P1,2,10.0,\"gift wrap,\r\nplease\"\r\n"
			+ "\"T2\nsplit\",2024-03-01 11:00:00,0042,\"P\r\n2\",1,5.5,plain\r\n"
			+ "T3,2024-03-02 09:00:00,7,P1,3,2.0,\"line one\nline two\nline three\"\r\n"
			+ "T4,2024-03-02 09:30:00,7,P1,,2.0,\"empty\r\nquantity\"\r\n"
			+ "T5,2024-04-01 00:00:00,7,P3,1,4.0,\r\n";

	@Test
	void readsRecordsWithLineBreaksInQuotedFieldsWholeAndTheSameFromTheParseCache() {
		String path = writeInput("retail/sales-line-breaks.csv", SALES_WITH_LINE_BREAKS);

		// The second run reads the rows the first one parsed and kept.
		for (int run = 0; run < 2; run++) {
			JsonNode job = runToSuccess("retail-sales", Map.of("salesPath", path));

			assertThat(job.at("/summary/inputRows").asLong()).isEqualTo(5);
			assertThat(job.at("/summary/rejectedRows").asLong()).isEqualTo(1);
			JsonNode daily = previewRows(job.get("id").asText(), "daily_sales");
			assertThat(daily).hasSize(3);
			assertDaily(daily.get(0), "0042", "2024-03-01", 2 * 10.0 + 1 * 5.5, 2);
			assertDaily(daily.get(1), "7", "2024-03-02", 3 * 2.0, 1);
			assertDaily(daily.get(2), "7", "2024-04-01", 4.0, 1);
			JsonNode monthly = previewRows(job.get("id").asText(), "monthly_sales");
			assertThat(monthly).hasSize(3);
			assertMonthly(monthly.get(0), "0042", "2024-03", 25.5, 2);
			assertMonthly(monthly.get(1), "7", "2024-03", 6.0, 1);
			assertMonthly(monthly.get(2), "7", "2024-04", 4.0, 1);
		}

		String id = submit("retail-sales", Map.of("salesPath", path, "badRecords", "fail"));
		JsonNode failed = awaitStatus(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED");
		assertThat(failed.get("status").asText()).isEqualTo("FAILED");
		// A line number would be wrong where records span lines: the row is named alone.
		assertThat(failed.at("/error/message").asText()).endsWith("has a bad row: data row 4: Quantity is empty");
	}

	@Test
	void badRecordsFailNamesTheFirstBadRow() {
		String path = writeInput("retail/sales-fail.csv", SALES);

		String id = submit("retail-sales", Map.of("salesPath", path, "badRecords", "fail"));
		JsonNode job = awaitStatus(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED");

		assertThat(job.get("status").asText()).isEqualTo("FAILED");
		assertThat(job.at("/error/type").asText()).isEqualTo("PIPELINE_ERROR");
		assertThat(job.at("/error/message").asText()).contains("data row 5 (line 6)")
			.contains("Timestamp '2024-13-01 10:00:00' is not a timestamp");
		assertThat(job.get("outputs")).isEmpty();
		assertThat(outputRoot().resolve(id)).doesNotExist();
	}

	@Test
	void anAllValidFileInFailModeSucceeds() {
		String path = writeInput("retail/sales-clean.csv", """
				TransactionID,Timestamp,StoreID,ProductID,Quantity,UnitPrice
				A,2024-01-05 08:00:00,0001,P,3,0.5
				""");

		JsonNode job = runToSuccess("retail-sales", Map.of("salesPath", path, "badRecords", "fail"));

		assertThat(job.at("/summary/rejectedRows").asLong()).isZero();
		JsonNode daily = previewRows(job.get("id").asText(), "daily_sales");
		assertDaily(daily.get(0), "0001", "2024-01-05", 1.5, 1);
	}

	private static void assertDaily(JsonNode row, String store, String date, double sales, long transactions) {
		assertThat(row.get("StoreID").asText()).isEqualTo(store);
		assertThat(row.get("SaleDate").asText()).isEqualTo(date);
		assertThat(row.get("TotalDailySales").asDouble()).isCloseTo(sales, within(1e-9));
		assertThat(row.get("TotalDailyTransactions").asLong()).isEqualTo(transactions);
	}

	private static void assertMonthly(JsonNode row, String store, String month, double sales, long transactions) {
		assertThat(row.get("StoreID").asText()).isEqualTo(store);
		assertThat(row.get("SaleMonth").asText()).isEqualTo(month);
		assertThat(row.get("TotalMonthlySales").asDouble()).isCloseTo(sales, within(1e-9));
		assertThat(row.get("TotalMonthlyTransactions").asLong()).isEqualTo(transactions);
	}

}
