package dev.sparkway.pipeline.fraud;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sparkway.dataset.CsvColumn;
import dev.sparkway.dataset.CsvReader;
import dev.sparkway.dataset.SalesCsv;
import dev.sparkway.pipeline.BadRecords;
import dev.sparkway.pipeline.Observations;
import dev.sparkway.pipeline.OutputSpec;
import dev.sparkway.pipeline.ParameterSpec;
import dev.sparkway.pipeline.BatchPipeline;
import dev.sparkway.pipeline.PipelineContext;
import dev.sparkway.pipeline.PipelineOutput;
import dev.sparkway.pipeline.PipelineResult;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

import org.springframework.stereotype.Component;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.unix_timestamp;
import static org.apache.spark.sql.functions.when;

/**
 * Fraud features (the seed's Project Example 2): for every accepted sales transaction, the user's running average
 * amount, the time since the user's previous transaction, the user's latest activity overall and as of the
 * transaction, and a risk score relating the amount to the running average and damped by the time since the
 * previous transaction.
 * <p>
 * Transactions and activities are merged into one timeline per user and every per-user feature comes from a
 * single sorted window pass over it: the as-of activity is the last non-null activity time up to the event, so
 * nothing joins activities to transactions row by row. The features are cached while they are written and the
 * high-risk rows counted, and released afterwards whatever happens.
 */
@Component
public class FraudFeaturesPipeline implements BatchPipeline {

	public static final String NAME = "fraud-features";

	static final List<CsvColumn> SALES_COLUMNS = SalesCsv.USER_TRANSACTIONS;

	static final List<CsvColumn> ACTIVITY_COLUMNS = List.of(CsvColumn.string("UserID"),
			CsvColumn.timestamp("ActivityTimestamp"));

	static final String FEATURES = "features";

	/** Where an event sorts among events of the same instant: activities first, so they count as of then. */
	private static final String EVENT_ORDER = "_event_order";

	private static final int ACTIVITY = 0;

	private static final int TRANSACTION = 1;

	private final CsvReader csv;

	FraudFeaturesPipeline(CsvReader csv) {
		this.csv = csv;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String description() {
		return "Per-transaction fraud features from the canonical sales CSV and a user-activity CSV: running "
				+ "average amount per user, seconds since the user's previous transaction, the user's latest "
				+ "activity overall and as of the transaction, and a risk score. Rows with an empty or unparseable "
				+ "required field are rejected and counted.";
	}

	@Override
	public List<ParameterSpec> parameters() {
		return List.of(
				ParameterSpec.csvFile("salesPath", "demo/sales.csv", "Sales CSV, relative to the input root.",
						CsvColumn.names(SALES_COLUMNS)),
				ParameterSpec.csvFile("activityPath", "demo/activity.csv",
						"User-activity CSV, relative to the input root. Only UserID and ActivityTimestamp are "
								+ "read; ActivityType and DeviceID may be absent.",
						CsvColumn.names(ACTIVITY_COLUMNS)),
				ParameterSpec.number("riskThreshold", 1.5, null, null,
						"A transaction whose CustomRiskScore is strictly greater than this is counted in "
								+ "summary.highRisk."),
				BadRecords.parameter());
	}

	@Override
	public List<OutputSpec> outputs() {
		return List.of(OutputSpec.parquet(FEATURES, "UserID", "Timestamp", "TransactionID"));
	}

	@Override
	public PipelineResult run(PipelineContext context) throws Exception {
		SparkSession spark = context.session();
		BadRecords badRecords = BadRecords.of(context.params());
		Dataset<Row> sales = csv.read(spark, context.params().path("salesPath"), SALES_COLUMNS);
		badRecords.checkNone(sales, context.params().string("salesPath"));
		Dataset<Row> activity = csv.read(spark, context.params().path("activityPath"), ACTIVITY_COLUMNS);
		// A dropped activity would silently change the as-of features, so 'fail' covers this file too.
		badRecords.checkNone(activity, context.params().string("activityPath"));
		double riskThreshold = context.params().number("riskThreshold");

		Observation salesInput = new Observation("sales_input");
		Dataset<Row> transactions = sales
			.observe(salesInput, count(lit(1)).as("inputRows"), count(col(CsvReader.REJECT_REASON)).as("rejectedRows"))
			.filter(CsvReader.accepted())
			.select(col("UserID"), col("Timestamp"), col("TransactionID"),
					col("Quantity").multiply(col("UnitPrice")).as("Amount"),
					lit(null).cast(DataTypes.TimestampType).as("ActivityTimestamp"), lit(TRANSACTION).as(EVENT_ORDER));
		// The file is scanned twice (timeline and aggregate); its rejected rows are observed on one scan only.
		Observation activityInput = new Observation("activity_input");
		Dataset<Row> lastActivity = activity
			.observe(activityInput, count(col(CsvReader.REJECT_REASON)).as("rejectedActivityRows"))
			.filter(CsvReader.accepted())
			.groupBy(col("UserID"))
			.agg(max(col("ActivityTimestamp")).as("LastActivityTimestamp"));
		Dataset<Row> activities = activity.filter(CsvReader.accepted())
			.select(col("UserID"), col("ActivityTimestamp").as("Timestamp"),
					lit(null).cast(DataTypes.StringType).as("TransactionID"),
					lit(null).cast(DataTypes.DoubleType).as("Amount"), col("ActivityTimestamp"),
					lit(ACTIVITY).as(EVENT_ORDER));

		Dataset<Row> features = features(transactions.unionByName(activities), lastActivity);
		// The high-risk count is observed while the features are written: no second pass and nothing to cache.
		Observation risk = new Observation("high_risk");
		PipelineOutput output = context.writeParquet(FEATURES, features.observe(risk,
				count(when(col("CustomRiskScore").gt(riskThreshold), true)).as("highRisk")));
		if (context.planOnly()) {
			return PipelineResult.planned();
		}
		Object highRisk = Observations.get(spark, risk,
				() -> Map.of("highRisk", features.filter(col("CustomRiskScore").gt(riskThreshold)).count()))
			.get("highRisk");
		Map<String, Object> salesCounts = Observations.get(spark, salesInput, () -> CsvReader.rowCounts(sales));
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("inputRows", salesCounts.get("inputRows"));
		summary.put("rejectedRows", salesCounts.get("rejectedRows"));
		summary.put("rejectedActivityRows", Observations.get(spark, activityInput,
				() -> Map.of("rejectedActivityRows", CsvReader.rowCounts(activity).get("rejectedRows")))
			.get("rejectedActivityRows"));
		summary.put("transactions", output.rowCount());
		summary.put("highRisk", highRisk);
		return new PipelineResult(List.of(output), summary);
	}

	/**
	 * The output rows from a per-user timeline of transactions and activities (columns {@code UserID, Timestamp,
	 * TransactionID, Amount, ActivityTimestamp} and the event order) and the per-user latest activity.
	 */
	private static Dataset<Row> features(Dataset<Row> timeline, Dataset<Row> lastActivity) {
		// TransactionID breaks timestamp ties (Amount only duplicated IDs), so no result depends on row order.
		WindowSpec userTimeline = Window.partitionBy(col("UserID"))
			.orderBy(col("Timestamp"), col(EVENT_ORDER), col("TransactionID"), col("Amount"));
		WindowSpec upToThisEvent = userTimeline.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
		WindowSpec beforeThisEvent = userTimeline.rowsBetween(Window.unboundedPreceding(), -1);

		Column isTransaction = col(EVENT_ORDER).equalTo(TRANSACTION);
		Dataset<Row> history = timeline
			.select(col("UserID"), col("Timestamp"), col("TransactionID"), col("Amount"), col(EVENT_ORDER),
					// Activities have no Amount, and avg ignores nulls: this is the transactions' running average.
					avg(col("Amount")).over(upToThisEvent).as("UserAvgTxnAmount"),
					last(when(isTransaction, col("Timestamp")), true).over(beforeThisEvent).as("PrevTxnTimestamp"),
					last(col("ActivityTimestamp"), true).over(upToThisEvent).as("PrevActivityTimestamp"))
			.filter(isTransaction);

		Column secondsSincePrevious = coalesce(
				unix_timestamp(col("Timestamp")).minus(unix_timestamp(col("PrevTxnTimestamp"))), lit(0L));
		Column average = col("UserAvgTxnAmount");
		Column recency = lit(1.0).divide(lit(1.0).plus(col("TimeSinceLastTxn_sec").divide(3600.0)));
		Column riskScore = when(average.isNull().or(average.equalTo(0)), lit(0.0))
			.otherwise(col("Amount").divide(average).multiply(recency));

		return history.withColumn("TimeSinceLastTxn_sec", secondsSincePrevious)
			.join(broadcast(lastActivity), "UserID", "left")
			.select(col("TransactionID"), col("UserID"), col("Timestamp"), col("Amount"), col("UserAvgTxnAmount"),
					col("PrevTxnTimestamp"), col("TimeSinceLastTxn_sec"), col("LastActivityTimestamp"),
					col("PrevActivityTimestamp"), riskScore.as("CustomRiskScore"));
	}


}
