package dev.sparkway.pipeline.fraud;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * fraud-features through the real API, against expected values worked out by hand from the fixture below.
 */
class FraudFeaturesPipelineTests extends IntegrationTest {

	/**
	 * Users A, B and C. A's A2 and A3 share a timestamp and come in reverse TransactionID order; B's rows come in
	 * reverse time order; C1 has no StoreID or ProductID (not required) and C has no activity. Three rejected
	 * rows: an impossible timestamp, an empty UserID, a non-numeric quantity.
	 */
	static final String SALES = """
			TransactionID,Timestamp,StoreID,ProductID,UserID,Quantity,UnitPrice
			A1,2024-01-01 10:00:00,0001,P1,A,2,5.0
			A3,2024-01-01 11:00:00,0001,P2,A,1,20.0
			A2,2024-01-01 11:00:00,0002,P3,A,1,40.0
			A4,2024-01-01 12:30:00,0001,P1,A,3,10.0
			B2,2024-01-02 09:06:00,0003,P4,B,5,10.0
			B1,2024-01-02 09:00:00,0003,P4,B,1,10.0
			C1,2024-01-03 08:00:00,,,C,1,7.5
			X1,2024-02-30 10:00:00,0001,P1,A,1,1.0
			X2,2024-01-01 10:30:00,0001,P1,,1,1.0
			X3,2024-01-01 10:30:00,0001,P1,B,two,1.0
			""";

	/**
	 * Columns in another order. A: 09:00 (before A1), 10:00:01 (one second after A1), 11:00:00 (exactly at A2 and
	 * A3), and a later one that is only the latest overall; B: one second after B2; Z has no transaction; an
	 * empty ActivityType is fine. Two rejected rows: an empty UserID, an unparseable ActivityTimestamp.
	 */
	static final String ACTIVITY = """
			DeviceID,ActivityTimestamp,UserID,ActivityType
			D1,2024-01-05 00:00:00,A,logout
			D1,2024-01-01 11:00:00,A,login
			D1,2024-01-01 10:00:01,A,page_view
			D1,2024-01-01 09:00:00,A,
			D2,2024-01-02 09:06:01,B,login
			D9,2024-01-01 00:00:00,Z,login
			D1,2024-01-01 09:30:00,,login
			D2,yesterday,B,login
			""";

	@Test
	void computesPerTransactionFeaturesAndCountsRejectedRowsOfBothFiles() {
		String sales = writeInput("fraud/sales-fixture.csv", SALES);
		String activity = writeInput("fraud/activity-fixture.csv", ACTIVITY);

		JsonNode job = runToSuccess("fraud-features", Map.of("salesPath", sales, "activityPath", activity));

		assertThat(job.at("/summary/inputRows").asLong()).isEqualTo(10);
		assertThat(job.at("/summary/rejectedRows").asLong()).isEqualTo(3);
		assertThat(job.at("/summary/rejectedActivityRows").asLong()).isEqualTo(2);
		assertThat(job.at("/summary/transactions").asLong()).isEqualTo(7);
		// Only B2 scores above the default threshold of 1.5.
		assertThat(job.at("/summary/highRisk").asLong()).isEqualTo(1);
		JsonNode output = job.get("outputs").get(0);
		assertThat(output.get("name").asText()).isEqualTo("features");
		assertThat(output.get("rowCount").asLong()).isEqualTo(7);
		assertThat(output.get("schema").toString()).isEqualTo("""
				[{"name":"TransactionID","type":"string"},{"name":"UserID","type":"string"},\
				{"name":"Timestamp","type":"timestamp"},{"name":"Amount","type":"double"},\
				{"name":"UserAvgTxnAmount","type":"double"},{"name":"PrevTxnTimestamp","type":"timestamp"},\
				{"name":"TimeSinceLastTxn_sec","type":"bigint"},{"name":"LastActivityTimestamp","type":"timestamp"},\
				{"name":"PrevActivityTimestamp","type":"timestamp"},{"name":"CustomRiskScore","type":"double"}]""");

		JsonNode rows = previewRows(job.get("id").asText(), "features");
		assertThat(rows).hasSize(7);
		String lastOfA = "2024-01-05T00:00:00Z";
		// A1: first row, so its own amount is the average and the score is 10/10 * 1/(1+0).
		assertRow(rows.get(0), "A1", "A", "2024-01-01T10:00:00Z", 10.0, 10.0, null, 0, lastOfA,
				"2024-01-01T09:00:00Z", 1.0);
		// A2 before A3 at the same time: avg (10+40)/2, an hour after A1: 40/25 * 1/(1+1).
		assertRow(rows.get(1), "A2", "A", "2024-01-01T11:00:00Z", 40.0, 25.0, "2024-01-01T10:00:00Z", 3600,
				lastOfA, "2024-01-01T11:00:00Z", 0.8);
		// A3: avg (10+40+20)/3 = 70/3, 0 s after A2: 20/(70/3) = 6/7.
		assertRow(rows.get(2), "A3", "A", "2024-01-01T11:00:00Z", 20.0, 70.0 / 3, "2024-01-01T11:00:00Z", 0,
				lastOfA, "2024-01-01T11:00:00Z", 6.0 / 7);
		// A4: avg 100/4, 5400 s after A3: 30/25 * 1/(1+1.5).
		assertRow(rows.get(3), "A4", "A", "2024-01-01T12:30:00Z", 30.0, 25.0, "2024-01-01T11:00:00Z", 5400,
				lastOfA, "2024-01-01T11:00:00Z", 0.48);
		// B's only activity is a second after B2: it is B's latest, but as of no transaction.
		assertRow(rows.get(4), "B1", "B", "2024-01-02T09:00:00Z", 10.0, 10.0, null, 0, "2024-01-02T09:06:01Z",
				null, 1.0);
		// B2: avg 60/2, 360 s after B1: 50/30 * 1/(1+0.1) = 1.5151...
		assertRow(rows.get(5), "B2", "B", "2024-01-02T09:06:00Z", 50.0, 30.0, "2024-01-02T09:00:00Z", 360,
				"2024-01-02T09:06:01Z", null, 50.0 / 30 / 1.1);
		assertRow(rows.get(6), "C1", "C", "2024-01-03T08:00:00Z", 7.5, 7.5, null, 0, null, null, 1.0);
	}

	@Test
	void readsRecordsWithLineBreaksInQuotedFieldsOfBothFilesWhole() {
		// Sales end records with CRLF; a TransactionID and a ProductID hold a CRLF, a note an LF; M3 is rejected.
		String sales = writeInput("fraud/sales-line-breaks.csv",
				"TransactionID,Timestamp,StoreID,ProductID,UserID,Quantity,UnitPrice,Notes\r\n"
						+ "\"M1\r\nline\",2024-01-01 10:00:00,0001,\"P1\r\n\",M,2,5.0,\"a note\nover two lines\"\r\n"
						+ "M2,2024-01-01 11:00:00,0001,P2,M,4,5.0,plain\r\n"
						+ "M3,2024-01-01 12:00:00,0001,P2,M,x,5.0,\"bad\r\nquantity\"\r\n");
		// Activities end records with LF; a DeviceID spans lines; the last row is rejected (empty UserID).
		String activity = writeInput("fraud/activity-line-breaks.csv", "UserID,ActivityTimestamp,DeviceID\n"
				+ "M,2024-01-01 10:30:00,\"phone\ntablet\"\n"
				+ "M,2024-01-02 00:00:00,D1\n"
				+ "\"\",2024-01-01 09:00:00,\"x\ny\"\n");

		JsonNode job = runToSuccess("fraud-features", Map.of("salesPath", sales, "activityPath", activity));

		assertThat(job.at("/summary/inputRows").asLong()).isEqualTo(3);
		assertThat(job.at("/summary/rejectedRows").asLong()).isEqualTo(1);
		assertThat(job.at("/summary/rejectedActivityRows").asLong()).isEqualTo(1);
		assertThat(job.at("/summary/transactions").asLong()).isEqualTo(2);
		assertThat(job.at("/summary/highRisk").asLong()).isZero();
		JsonNode rows = previewRows(job.get("id").asText(), "features");
		assertThat(rows).hasSize(2);
		// M1: first of M, no activity at or before 10:00 (10:30 is later).
		assertRow(rows.get(0), "M1\r\nline", "M", "2024-01-01T10:00:00Z", 10.0, 10.0, null, 0,
				"2024-01-02T00:00:00Z", null, 1.0);
		// M2: avg (10+20)/2, an hour after M1: 20/15 * 1/(1+1); the 10:30 activity is as of it.
		assertRow(rows.get(1), "M2", "M", "2024-01-01T11:00:00Z", 20.0, 15.0, "2024-01-01T10:00:00Z", 3600,
				"2024-01-02T00:00:00Z", "2024-01-01T10:30:00Z", 2.0 / 3);
	}

	@Test
	void highRiskCountsOnlyScoresStrictlyAboveTheThreshold() {
		String sales = writeInput("fraud/sales-threshold.csv", SALES);
		String activity = writeInput("fraud/activity-threshold.csv", ACTIVITY);

		JsonNode job = runToSuccess("fraud-features",
				Map.of("salesPath", sales, "activityPath", activity, "riskThreshold", 1.0));

		// A1, B1 and C1 score exactly 1.0 and are not counted; only B2 (1.5151...) is above.
		assertThat(job.at("/summary/highRisk").asLong()).isEqualTo(1);
		assertThat(job.at("/params/riskThreshold").asDouble()).isEqualTo(1.0);
	}

	@Test
	void theCatalogueShowsTheParametersWithTheirRequiredColumns() {
		JsonNode pipeline = get("/api/v1/pipelines/fraud-features").expect(200).body();

		assertThat(pipeline.get("outputs").toString()).isEqualTo("[\"features\"]");
		JsonNode parameters = pipeline.get("parameters");
		assertThat(parameters.findValuesAsText("name")).containsExactly("salesPath", "activityPath", "riskThreshold",
				"badRecords");
		assertThat(parameters.get(0).get("requiredColumns").toString())
			.isEqualTo("[\"TransactionID\",\"Timestamp\",\"UserID\",\"Quantity\",\"UnitPrice\"]");
		assertThat(parameters.get(1).get("default").asText()).isEqualTo("demo/activity.csv");
		assertThat(parameters.get(1).get("requiredColumns").toString())
			.isEqualTo("[\"UserID\",\"ActivityTimestamp\"]");
		assertThat(parameters.get(2).get("default").asDouble()).isEqualTo(1.5);
	}

	@Test
	void aBadActivityRowFailsTheJobInFailMode() {
		String sales = writeInput("fraud/sales-clean.csv", """
				TransactionID,Timestamp,UserID,Quantity,UnitPrice
				A1,2024-01-01 10:00:00,A,2,5.0
				""");
		String activity = writeInput("fraud/activity-bad.csv", """
				UserID,ActivityTimestamp
				A,2024-01-01 09:00:00
				A,2024-13-01 09:00:00
				""");

		String id = submit("fraud-features",
				Map.of("salesPath", sales, "activityPath", activity, "badRecords", "fail"));
		JsonNode job = awaitStatus(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED");

		assertThat(job.get("status").asText()).isEqualTo("FAILED");
		assertThat(job.at("/error/type").asText()).isEqualTo("PIPELINE_ERROR");
		assertThat(job.at("/error/message").asText()).contains("fraud/activity-bad.csv")
			.contains("data row 2 (line 3)")
			.contains("ActivityTimestamp '2024-13-01 09:00:00' is not a timestamp");
	}

	@Test
	void anActivityFileWithoutActivityTimestampIsRefusedAtSubmission() {
		String activity = writeInput("fraud/activity-no-time.csv", """
				UserID,ActivityType,DeviceID
				A,login,D1
				""");

		Reply reply = post("/api/v1/jobs", """
				{"pipeline": "fraud-features", "params": {"activityPath": "%s"}}""".formatted(activity));

		reply.expect(400);
		assertThat(reply.body().toString()).contains("params.activityPath").contains("ActivityTimestamp");
	}

	private static void assertRow(JsonNode row, String transaction, String user, String timestamp, double amount,
			double average, String previousTransaction, long seconds, String lastActivity, String previousActivity,
			double score) {
		assertThat(row.get("TransactionID").asText()).isEqualTo(transaction);
		assertThat(row.get("UserID").asText()).isEqualTo(user);
		assertThat(row.get("Timestamp").asText()).isEqualTo(timestamp);
		assertThat(row.get("Amount").asDouble()).isCloseTo(amount, within(1e-9));
		assertThat(row.get("UserAvgTxnAmount").asDouble()).isCloseTo(average, within(1e-9));
		assertThat(text(row.get("PrevTxnTimestamp"))).isEqualTo(previousTransaction);
		assertThat(row.get("TimeSinceLastTxn_sec").asLong()).isEqualTo(seconds);
		assertThat(text(row.get("LastActivityTimestamp"))).isEqualTo(lastActivity);
		assertThat(text(row.get("PrevActivityTimestamp"))).isEqualTo(previousActivity);
		assertThat(row.get("CustomRiskScore").asDouble()).isCloseTo(score, within(1e-9));
	}

	private static String text(JsonNode value) {
		return value.isNull() ? null : value.asText();
	}

}
