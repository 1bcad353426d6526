package dev.sparkway.pipeline.rfm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.dataset.DemoDataGenerator;
import dev.sparkway.support.IntegrationTest;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * rfm-segmentation through the real API, against values worked out by hand from the fixture below, and its
 * saved model checked with MLlib directly.
 */
class RfmSegmentationPipelineTests extends IntegrationTest {

	/**
	 * Three well-separated groups of two users: recent frequent big spenders (U1, U2), lapsed one-off small buyers
	 * (U3, U4) and middling ones (U5, U6). Columns shuffled, an extra Notes column, no ProductID, an empty
	 * StoreID (not required, so accepted), a quoted note. Four rejected rows (bad quantity, empty UserID,
	 * impossible date, empty TransactionID), two of them dated after the reference date, which they must not move.
	 */
	static final String SALES = """
			Quantity,UserID,Notes,Timestamp,UnitPrice,StoreID,TransactionID
			2,U1,latest of all,2024-06-30 18:00:00,50.00,S1,T01
			1,U1,,2024-06-29 09:00:00,80.00,S1,T02
			3,U1,,2024-06-28 12:00:00,40.00,S2,T03
			2,U1,,2024-06-27 15:00:00,50.00,S1,T04
			2,U2,,2024-06-29 10:00:00,45.00,S1,T05
			1,U2,"big, ""premium"" item",2024-06-28 11:00:00,110.00,S2,T06
			4,U2,,2024-06-26 16:00:00,25.00,S1,T07
			1,U2,,2024-06-25 08:30:00,90.00,S2,T08
			1,U3,,2024-01-10 08:00:00,5.00,S3,T09
			2,U4,just before midnight,2024-01-12 23:59:59,3.50,S3,T10
			2,U5,no store,2024-04-01 00:00:00,15.00,,T11
			1,U5,,2024-03-15 10:00:00,20.00,S2,T12
			3,U6,,2024-03-31 23:30:00,10.00,S2,T13
			1,U6,,2024-02-20 12:00:00,15.00,S1,T14
			two,U3,bad quantity after the reference,2024-07-31 10:00:00,5.00,S3,T15
			1,,no user,2024-07-02 20:00:00,1.00,S1,T16
			1,U1,impossible date,2024-06-31 10:00:00,50.00,S1,T17
			1,U5,no transaction id,2024-05-01 10:00:00,20.00,S2,
			""";

	/**
	 * Per user, by hand. Reference date 2024-06-30 (T01). Recency in whole calendar days: U2's last purchase is
	 * only 32 hours before T01 but a day earlier; 2024 is a leap year (U3: 21 days left in January, then 29 + 31
	 * + 30 + 31 + 30); U6's 23:30 still counts as 31 March.
	 */
	static final Map<String, double[]> RFM = Map.of(
			"U1", new double[] { 0, 4, 2 * 50.00 + 80.00 + 3 * 40.00 + 2 * 50.00 },
			"U2", new double[] { 1, 4, 2 * 45.00 + 110.00 + 4 * 25.00 + 90.00 },
			"U3", new double[] { 21 + 29 + 31 + 30 + 31 + 30, 1, 5.00 },
			"U4", new double[] { 19 + 29 + 31 + 30 + 31 + 30, 1, 2 * 3.50 },
			"U5", new double[] { 30 + 31 + 29, 2, 2 * 15.00 + 20.00 },
			"U6", new double[] { 1 + 30 + 31 + 29, 2, 3 * 10.00 + 15.00 });

	static final List<String> USERS = List.of("U1", "U2", "U3", "U4", "U5", "U6");

	@Test
	void computesRfmPerUserAndSegmentsTheWellSeparatedGroupsTogether() {
		String path = writeInput("rfm/sales-fixture.csv", SALES);

		JsonNode job = runToSuccess("rfm-segmentation", Map.of("salesPath", path, "k", 3));
		String id = job.get("id").asText();

		assertThat(job.at("/summary/inputRows").asLong()).isEqualTo(18);
		assertThat(job.at("/summary/rejectedRows").asLong()).isEqualTo(4);
		assertThat(job.at("/summary/users").asLong()).isEqualTo(6);
		assertThat(job.at("/summary/referenceDate").asText()).isEqualTo("2024-06-30");
		assertThat(job.at("/summary/k").asInt()).isEqualTo(3);
		assertThat(job.at("/summary/silhouette").asDouble()).isBetween(0.8, 1.0);
		assertThat(job.at("/summary/trainingCost").asDouble()).isPositive();
		assertThat(job.at("/summary").has("silhouetteByK")).isFalse();

		JsonNode segments = previewRows(id, "segments");
		assertThat(segments).hasSize(6);
		Map<String, Integer> segmentOf = new HashMap<>();
		assertRfmComputedByHand(segments);
		for (int i = 0; i < USERS.size(); i++) {
			segmentOf.put(USERS.get(i), segments.get(i).get("Segment").asInt());
		}
		assertThat(segments.get(0).get("Recency").asInt()).as("the latest buyer's Recency").isZero();
		assertThat(segmentOf.get("U1")).isEqualTo(segmentOf.get("U2"));
		assertThat(segmentOf.get("U3")).isEqualTo(segmentOf.get("U4"));
		assertThat(segmentOf.get("U5")).isEqualTo(segmentOf.get("U6"));
		assertThat(List.of(segmentOf.get("U1"), segmentOf.get("U3"), segmentOf.get("U5"))).doesNotHaveDuplicates();

		double[] std = sampleStd(USERS.stream().map(RFM::get).toList());
		JsonNode centers = previewRows(id, "centers");
		assertThat(centers).hasSize(3);
		for (List<String> group : List.of(List.of("U1", "U2"), List.of("U3", "U4"), List.of("U5", "U6"))) {
			int segment = segmentOf.get(group.get(0));
			JsonNode center = centers.get(segment);
			assertThat(center.get("Segment").asInt()).isEqualTo(segment);
			assertThat(center.get("Users").asLong()).isEqualTo(2);
			String[] features = { "Recency", "Frequency", "MonetaryValue" };
			for (int f = 0; f < 3; f++) {
				// A converged center is the mean of its users, in either space.
				double mean = (RFM.get(group.get(0))[f] + RFM.get(group.get(1))[f]) / 2;
				assertThat(center.get(features[f]).asDouble()).as("%s of %s's center", features[f], group)
					.isCloseTo(mean, within(1e-9));
				assertThat(center.get("ScaledCenter").get(f).asDouble()).as("scaled %s of %s's center", features[f],
						group)
					.isCloseTo(mean / std[f], within(1e-9));
			}
		}

		JsonNode outputs = job.get("outputs");
		assertThat(outputs.get(0).get("schema").toString()).isEqualTo("""
				[{"name":"UserID","type":"string"},{"name":"Recency","type":"int"},\
				{"name":"Frequency","type":"bigint"},{"name":"MonetaryValue","type":"double"},\
				{"name":"Segment","type":"int"}]""");
		assertThat(outputs.get(1).get("schema").toString()).isEqualTo("""
				[{"name":"Segment","type":"int"},{"name":"Users","type":"bigint"},\
				{"name":"Recency","type":"double"},{"name":"Frequency","type":"double"},\
				{"name":"MonetaryValue","type":"double"},{"name":"ScaledCenter","type":"array<double>"}]""");
		assertThat(outputs.get(2).get("name").asText()).isEqualTo("model");
		assertThat(outputs.get(2).get("format").asText()).isEqualTo("spark-ml-pipeline");

		// The saved model's scaler divides each feature by its sample standard deviation, and nothing else.
		PipelineModel model = PipelineModel.load(outputs.get(2).get("location").asText());
		List<Row> scaled = model
			.transform(spark().read().parquet(outputs.get(0).get("location").asText()).drop("Segment"))
			.select(col("UserID"), vector_to_array(col("ScaledFeatures"), "float64"))
			.orderBy(col("UserID"))
			.collectAsList();
		assertThat(scaled).hasSize(6);
		for (Row row : scaled) {
			double[] rfm = RFM.get(row.getString(0));
			List<Double> values = row.getList(1);
			for (int f = 0; f < 3; f++) {
				assertThat(values.get(f)).as("scaled feature %d of %s", f, row.getString(0))
					.isCloseTo(rfm[f] / std[f], within(1e-12));
			}
		}
	}

	@Test
	void readsRecordsWithLineBreaksInQuotedFieldsWholeAndComputesTheSameRfm() {
		// The fixture as a spreadsheet would export it: CRLF record ends, and notes holding CRLF and LF breaks.
		String crlf = SALES.replace("\n", "\r\n")
			.replace("latest of all", "\"latest\r\nof all\"")
			.replace("\"big, \"\"premium\"\" item\"", "\"big,\n\"\"premium\"\"\r\nitem\"")
			.replace("bad quantity after the reference", "\"bad quantity\nafter the reference\"");
		String path = writeInput("rfm/sales-line-breaks.csv", crlf);

		JsonNode job = runToSuccess("rfm-segmentation", Map.of("salesPath", path, "k", 3));

		assertThat(job.at("/summary/inputRows").asLong()).isEqualTo(18);
		assertThat(job.at("/summary/rejectedRows").asLong()).isEqualTo(4);
		assertThat(job.at("/summary/users").asLong()).isEqualTo(6);
		assertThat(job.at("/summary/referenceDate").asText()).isEqualTo("2024-06-30");
		JsonNode segments = previewRows(job.get("id").asText(), "segments");
		assertThat(segments).hasSize(6);
		assertRfmComputedByHand(segments);
		assertThat(segments.get(0).get("Segment").asInt()).isEqualTo(segments.get(1).get("Segment").asInt());
		assertThat(segments.get(2).get("Segment").asInt()).isEqualTo(segments.get(3).get("Segment").asInt());
		assertThat(segments.get(4).get("Segment").asInt()).isEqualTo(segments.get(5).get("Segment").asInt());
	}

	@Test
	void twoRunsOnTheSameInputGiveIdenticalOutputsAndTheSavedModelAssignsTheSameSegments() {
		String path = demoSales("rfm/demo-200-users.csv");

		JsonNode first = runToSuccess("rfm-segmentation", Map.of("salesPath", path, "k", 4, "seed", 7));
		JsonNode second = runToSuccess("rfm-segmentation", Map.of("salesPath", path, "k", 4, "seed", 7));

		assertThat(first.at("/summary/users").asLong()).isEqualTo(200);
		assertThat(second.get("summary")).isEqualTo(first.get("summary"));
		JsonNode firstSegments = previewRows(first.get("id").asText(), "segments");
		assertThat(firstSegments).hasSize(200);
		assertThat(previewRows(second.get("id").asText(), "segments")).isEqualTo(firstSegments);
		assertThat(previewRows(second.get("id").asText(), "centers"))
			.isEqualTo(previewRows(first.get("id").asText(), "centers"));

		PipelineModel model = PipelineModel.load(first.at("/outputs/2/location").asText());
		List<Row> rows = model
			.transform(spark().read()
				.parquet(first.at("/outputs/0/location").asText())
				.withColumnRenamed("Segment", "Written"))
			.select(col("UserID"), col("Written"), col("Segment"))
			.collectAsList();
		assertThat(rows).hasSize(200);
		assertThat(rows).allSatisfy(row -> assertThat(row.getInt(2)).as("segment of %s", row.getString(0))
			.isEqualTo(row.getInt(1)));
		assertThat(rows.stream().map(row -> row.getInt(1)).distinct()).hasSize(4);

		get("/api/v1/jobs/" + first.get("id").asText() + "/outputs/model/preview").expect(400);
	}

	@Test
	void fewerUsersThanKFailsWithAClearMessage() {
		String path = writeInput("rfm/sales-fixture-few.csv", SALES);

		String id = submit("rfm-segmentation", Map.of("salesPath", path, "k", 7));
		JsonNode job = awaitStatus(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED");

		assertThat(job.get("status").asText()).isEqualTo("FAILED");
		assertThat(job.at("/error/type").asText()).isEqualTo("PIPELINE_ERROR");
		assertThat(job.at("/error/message").asText()).contains("at least 7 distinct users for k=7")
			.contains("has 6 (of 18 rows, 4 rejected)");
		assertThat(outputRoot().resolve(id)).doesNotExist();
	}

	@Test
	void autoKWithASingleUserFailsWithAClearMessage() {
		String path = writeInput("rfm/sales-one-user.csv", """
				TransactionID,Timestamp,UserID,Quantity,UnitPrice
				A,2024-01-05 08:00:00,U1,3,0.5
				B,2024-01-06 08:00:00,U1,1,2.0
				""");

		String id = submit("rfm-segmentation", Map.of("salesPath", path, "autoK", 4));
		JsonNode job = awaitStatus(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED");

		assertThat(job.get("status").asText()).isEqualTo("FAILED");
		assertThat(job.at("/error/message").asText()).contains("at least 2 distinct users for autoK")
			.contains("has 1");
	}

	@Test
	void autoKTriesEveryKAndKeepsTheOneWithTheBestSilhouette() {
		String path = writeInput("rfm/sales-fixture-auto.csv", SALES);

		JsonNode job = runToSuccess("rfm-segmentation", Map.of("salesPath", path, "autoK", 4));

		JsonNode byK = job.at("/summary/silhouetteByK");
		List<String> tried = new ArrayList<>();
		byK.fieldNames().forEachRemaining(tried::add);
		assertThat(tried).containsExactly("2", "3", "4");
		String best = tried.get(0);
		for (String k : tried) {
			if (byK.get(k).asDouble() > byK.get(best).asDouble()) {
				best = k;
			}
		}
		assertThat(job.at("/summary/k").asInt()).isEqualTo(Integer.parseInt(best));
		assertThat(job.at("/summary/silhouette").asDouble()).isEqualTo(byK.get(best).asDouble());
		// The fixture has three groups by construction.
		assertThat(best).isEqualTo("3");
		assertThat(previewRows(job.get("id").asText(), "centers")).hasSize(3);
	}

	@Test
	void rejectsOutOfRangeParametersBeforeRunning() {
		String path = writeInput("rfm/sales-fixture-params.csv", SALES);

		JsonNode problem = post("/api/v1/jobs", """
				{"pipeline": "rfm-segmentation", "params": {"salesPath": "%s", "k": 1, "maxIter": 0, "autoK": 51}}"""
			.formatted(path)).expect(400).body();

		assertThat(problem.toString()).contains("params.k").contains("params.maxIter").contains("params.autoK");
	}

	/** 3,000 demo sales rows over 200 users. */
	/** Each segments row, in user order, carries the recency, frequency and monetary value of {@link #RFM}. */
	private static void assertRfmComputedByHand(JsonNode segments) {
		for (int i = 0; i < USERS.size(); i++) {
			JsonNode row = segments.get(i);
			String user = USERS.get(i);
			assertThat(row.get("UserID").asText()).isEqualTo(user);
			assertThat(row.get("Recency").asInt()).as("Recency of %s", user).isEqualTo((int) RFM.get(user)[0]);
			assertThat(row.get("Frequency").asLong()).as("Frequency of %s", user).isEqualTo((long) RFM.get(user)[1]);
			assertThat(row.get("MonetaryValue").asDouble()).as("MonetaryValue of %s", user)
				.isCloseTo(RFM.get(user)[2], within(1e-9));
		}
	}

	private static String demoSales(String relative) {
		new DemoDataGenerator(7, 10, 200, 50).writeSales(inputRoot().resolve(relative), 3_000);
		return relative;
	}

	/** Per feature, the sample (n - 1) standard deviation of the given users' values. */
	private static double[] sampleStd(List<double[]> users) {
		double[] std = new double[3];
		for (int f = 0; f < 3; f++) {
			double mean = 0;
			for (double[] user : users) {
				mean += user[f] / users.size();
			}
			double squares = 0;
			for (double[] user : users) {
				squares += (user[f] - mean) * (user[f] - mean);
			}
			std[f] = Math.sqrt(squares / (users.size() - 1));
		}
		return std;
	}

}
