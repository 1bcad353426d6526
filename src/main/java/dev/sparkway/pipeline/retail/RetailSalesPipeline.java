package dev.sparkway.pipeline.retail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sparkway.dataset.CsvColumn;
import dev.sparkway.dataset.CsvReader;
import dev.sparkway.dataset.SalesCsv;
import dev.sparkway.pipeline.OutputSpec;
import dev.sparkway.pipeline.ParameterSpec;
import dev.sparkway.pipeline.BatchPipeline;
import dev.sparkway.pipeline.PipelineContext;
import dev.sparkway.pipeline.PipelineException;
import dev.sparkway.pipeline.PipelineOutput;
import dev.sparkway.pipeline.PipelineResult;
import dev.sparkway.pipeline.BadRecords;
import dev.sparkway.pipeline.Observations;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import org.springframework.stereotype.Component;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;

/**
 * Retail sales aggregation (the seed's Project Example 1): daily and monthly sales and transaction counts per
 * store, from the canonical sales CSV.
 * <p>
 * One pass over the CSV computes the daily aggregate (and, observed in the same pass, the input and rejected row
 * counts); the monthly aggregate is rolled up from the small daily output, so the input is never read twice and
 * nothing needs caching.
 */
@Component
public class RetailSalesPipeline implements BatchPipeline {

	public static final String NAME = "retail-sales";

	static final List<CsvColumn> COLUMNS = List.of(SalesCsv.TRANSACTION_ID, SalesCsv.TIMESTAMP, SalesCsv.STORE_ID,
			SalesCsv.PRODUCT_ID, SalesCsv.QUANTITY, SalesCsv.UNIT_PRICE);

	private final CsvReader csv;

	/** Public for runs outside the server, e.g. the benchmark's fresh process with {@link CsvReader#uncached()}. */
	public RetailSalesPipeline(CsvReader csv) {
		this.csv = csv;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String description() {
		return "Daily and monthly sales (sum of Quantity*UnitPrice) and transaction counts per store, "
				+ "from the canonical sales CSV. Rows with an empty or unparseable required field are rejected "
				+ "and counted.";
	}

	@Override
	public List<ParameterSpec> parameters() {
		return List.of(
				ParameterSpec.csvFile("salesPath", "demo/sales.csv",
						"Sales CSV, relative to the input root.",
						CsvColumn.names(COLUMNS)),
				BadRecords.parameter());
	}

	@Override
	public List<OutputSpec> outputs() {
		return List.of(OutputSpec.parquet("daily_sales", "StoreID", "SaleDate"),
				OutputSpec.parquet("monthly_sales", "StoreID", "SaleMonth"));
	}

	@Override
	public PipelineResult run(PipelineContext context) throws Exception {
		SparkSession spark = context.session();
		Dataset<Row> sales = csv.read(spark, context.params().path("salesPath"), COLUMNS);
		BadRecords.of(context.params()).checkNone(sales, context.params().string("salesPath"));

		Observation input = new Observation("sales_input");
		Dataset<Row> accepted = sales
			.observe(input, count(lit(1)).as("inputRows"), count(col(CsvReader.REJECT_REASON)).as("rejectedRows"))
			.filter(CsvReader.accepted());

		Dataset<Row> daily = accepted
			.groupBy(col("StoreID"), date_format(col("Timestamp"), "yyyy-MM-dd").as("SaleDate"))
			.agg(sum(col("Quantity").multiply(col("UnitPrice"))).as("TotalDailySales"),
					count(col("TransactionID")).as("TotalDailyTransactions"));
		PipelineOutput dailyOutput = context.writeParquet("daily_sales", daily, "StoreID");
		if (context.planOnly()) {
			// Nothing was written to read back: the monthly plan rolls up the planned daily aggregate instead.
			context.writeParquet("monthly_sales", monthly(daily));
			return PipelineResult.planned();
		}
		Map<String, Object> counts = Observations.get(spark, input, () -> CsvReader.rowCounts(sales));

		// Partition discovery would read StoreID back as a number ("0042" -> 42): read with the written schema.
		Dataset<Row> writtenDaily = spark.read()
			.schema(daily.schema())
			.parquet(dailyOutput.location());
		PipelineOutput monthlyOutput = context.writeParquet("monthly_sales", monthly(writtenDaily));

		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("inputRows", counts.get("inputRows"));
		summary.put("rejectedRows", counts.get("rejectedRows"));
		return new PipelineResult(List.of(dailyOutput, monthlyOutput), summary);
	}

	/** The monthly aggregate, rolled up from the daily one. */
	private static Dataset<Row> monthly(Dataset<Row> daily) {
		return daily.groupBy(col("StoreID"), substring(col("SaleDate"), 1, 7).as("SaleMonth"))
			.agg(sum(col("TotalDailySales")).as("TotalMonthlySales"),
					sum(col("TotalDailyTransactions")).as("TotalMonthlyTransactions"));
	}

}
