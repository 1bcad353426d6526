package dev.sparkway.job;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.support.IntegrationTest;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/jobs/{id}/plans} (the plans a job ran) and {@code POST /api/v1/jobs?dryRun=true} (the plans a
 * submission would run, without running or recording anything), over HTTP.
 */
class JobPlansTests extends IntegrationTest {

	private static final String SALES = """
			TransactionID,Timestamp,StoreID,ProductID,UserID,Quantity,UnitPrice
			T1,2024-01-01 10:00:00,1,P,U1,1,1.0
			T2,2024-01-02 10:00:00,1,P,U2,2,1.0
			T3,2024-01-02 11:00:00,2,P,U1,3,2.0
			""";

	private static final String ACTIVITY = """
			UserID,ActivityTimestamp
			U1,2024-01-01 09:00:00
			U2,2024-01-02 09:00:00
			""";

	@Test
	void plansOfARetailSalesJobShowItsAggregateAndItsWrite() {
		String sales = writeInput("plans/retail.csv", SALES);
		String id = runToSuccess("retail-sales", Map.of("salesPath", sales)).get("id").asText();

		JsonNode reply = get("/api/v1/jobs/" + id + "/plans").expect(200).body();

		assertThat(reply.get("jobId").asText()).isEqualTo(id);
		List<JsonNode> plans = new ArrayList<>();
		reply.get("plans").forEach(plans::add);
		List<JsonNode> writes = plans.stream()
			.filter(p -> p.get("plan").asText().contains("InsertIntoHadoopFsRelationCommand"))
			.filter(p -> p.get("plan").asText().contains("daily_sales")
					|| p.get("plan").asText().contains("monthly_sales"))
			.toList();
		// Two outputs, each one write.
		assertThat(writes).hasSize(2);
		for (JsonNode write : writes) {
			assertThat(write.get("succeeded").asBoolean()).isTrue();
			assertThat(write.get("finalPlan").asBoolean()).isTrue();
			assertThat(write.get("description").asText()).startsWith("command: InsertIntoHadoopFsRelationCommand");
			assertThat(write.get("plan").asText()).contains("HashAggregate").contains("AdaptiveSparkPlan isFinalPlan=true");
		}
		assertThat(plans).extracting(p -> p.get("seq").asInt()).doesNotHaveDuplicates();
	}

	@Test
	void plansOfAnUnknownJobAre404() {
		Reply reply = get("/api/v1/jobs/no-such-job/plans");

		assertThat(reply.status()).isEqualTo(404);
		assertThat(reply.contentType()).isEqualTo("application/problem+json");
	}

	@Test
	void dryRunOfFraudFeaturesShowsTheBroadcastOfItsSmallSideAndRecordsNothing() throws Exception {
		String sales = writeInput("plans/fraud-sales.csv", SALES);
		String activity = writeInput("plans/fraud-activity.csv", ACTIVITY);
		long before = get("/api/v1/jobs").expect(200).body().get("total").asLong();

		JsonNode dryRun = withSparkJobsCounted(jobs -> {
			JsonNode body = post("/api/v1/jobs?dryRun=true", """
					{"pipeline":"fraud-features","params":{"salesPath":"%s","activityPath":"%s","badRecords":"fail"}}"""
				.formatted(sales, activity)).expect(200).body();
			assertThat(jobs.getAsInt()).as("Spark jobs run by a dry run").isZero();
			return body;
		});

		assertThat(dryRun.get("dryRun").asBoolean()).isTrue();
		assertThat(dryRun.get("pipeline").asText()).isEqualTo("fraud-features");
		assertThat(dryRun.at("/params/riskThreshold").asDouble()).isEqualTo(1.5);
		assertThat(dryRun.at("/params/badRecords").asText()).isEqualTo("fail");
		assertThat(dryRun.get("inputs").toString()).contains(sales, activity);
		assertThat(dryRun.get("inputs")).extracting(i -> i.get("bytes").asLong())
			.containsExactlyInAnyOrder((long) SALES.getBytes(StandardCharsets.UTF_8).length,
					(long) ACTIVITY.getBytes(StandardCharsets.UTF_8).length);
		assertThat(dryRun.get("plans")).hasSize(1);
		assertThat(dryRun.at("/plans/0/output").asText()).isEqualTo("features");
		assertThat(dryRun.at("/plans/0/plan").asText()).contains("BroadcastHashJoin").contains("BroadcastExchange");
		assertThat(get("/api/v1/jobs").expect(200).body().get("total").asLong()).isEqualTo(before);
	}

	@Test
	void dryRunOfRetailSalesPlansBothOutputsAndOfRfmItsPerUserTable() throws Exception {
		String sales = writeInput("plans/dry-retail.csv", SALES);

		JsonNode retail = withSparkJobsCounted(jobs -> {
			JsonNode body = post("/api/v1/jobs?dryRun=true",
					"{\"pipeline\":\"retail-sales\",\"params\":{\"salesPath\":\"" + sales + "\"}}")
				.expect(200)
				.body();
			JsonNode rfm = post("/api/v1/jobs?dryRun=true",
					"{\"pipeline\":\"rfm-segmentation\",\"params\":{\"salesPath\":\"" + sales + "\"}}")
				.expect(200)
				.body();
			assertThat(jobs.getAsInt()).as("Spark jobs run by a dry run").isZero();
			assertThat(rfm.get("plans")).hasSize(1);
			assertThat(rfm.at("/plans/0/output").asText()).isEqualTo("segments");
			assertThat(rfm.at("/plans/0/plan").asText()).contains("HashAggregate");
			assertThat(rfm.at("/params/k").asInt()).isEqualTo(5);
			return body;
		});

		assertThat(retail.get("plans")).extracting(p -> p.get("output").asText())
			.containsExactly("daily_sales", "monthly_sales");
		assertThat(retail.get("plans")).allSatisfy(p -> assertThat(p.get("plan").asText()).contains("HashAggregate"));
		assertThat(retail.at("/params/badRecords").asText()).isEqualTo("drop");
	}

	@Test
	void dryRunOfABadBodyIsTheSame400AsASubmission() {
		String body = """
				{"pipeline":"retail-sales","params":{"salesPth":"demo/sales.csv","badRecords":"skip"}}""";

		Reply submitted = post("/api/v1/jobs", body);
		Reply dryRun = post("/api/v1/jobs?dryRun=true", body);

		assertThat(submitted.status()).isEqualTo(400);
		assertThat(dryRun.status()).isEqualTo(400);
		assertThat(dryRun.contentType()).isEqualTo("application/problem+json");
		assertThat(dryRun.body().get("errors")).isEqualTo(submitted.body().get("errors"));
		assertThat(dryRun.body().get("errors").toString()).contains("params.salesPth", "params.badRecords");
		Reply badTimeout = post("/api/v1/jobs?dryRun=true", """
				{"pipeline":"retail-sales","timeoutSeconds":0}""");
		assertThat(badTimeout.status()).isEqualTo(400);
		assertThat(badTimeout.text()).contains("timeoutSeconds");
	}

	/** Runs {@code action} while counting the Spark jobs started meanwhile (events delivered before it checks). */
	private <T> T withSparkJobsCounted(CountedAction<T> action) throws Exception {
		AtomicInteger started = new AtomicInteger();
		SparkListener listener = new SparkListener() {
			@Override
			public void onJobStart(SparkListenerJobStart jobStart) {
				started.incrementAndGet();
			}
		};
		var context = spark().sparkContext();
		context.addSparkListener(listener);
		try {
			return action.run(() -> {
				try {
					context.listenerBus().waitUntilEmpty(10_000);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				return started.get();
			});
		}
		finally {
			context.removeSparkListener(listener);
		}
	}

	@FunctionalInterface
	private interface CountedAction<T> {

		T run(java.util.function.IntSupplier jobsSoFar) throws Exception;

	}

}
