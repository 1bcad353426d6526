package dev.sparkway.bench;

import java.nio.file.Path;
import java.util.Map;

import dev.sparkway.dataset.CsvReader;
import dev.sparkway.pipeline.PipelineContext;
import dev.sparkway.pipeline.PipelineParams;
import dev.sparkway.pipeline.PipelineResult;
import dev.sparkway.pipeline.retail.RetailSalesPipeline;
import org.apache.spark.sql.SparkSession;

/**
 * What a {@code spark-submit} of the retail-sales pipeline would do: a fresh JVM builds a local SparkSession with the
 * server's Spark settings, runs the same pipeline code once, stops. Prints the pipeline's summary on its last line.
 * <p>
 * Arguments: the sales CSV, the output folder (must not exist).
 */
public final class FreshRetailRun {

	public static void main(String[] args) throws Exception {
		Path csv = Path.of(args[0]).toAbsolutePath();
		Path out = Path.of(args[1]).toAbsolutePath();
		SparkSession spark = SparkSession.builder()
			.master("local[*]")
			.appName("sparkway-fresh")
			// The server's defaults (application.yml and the settings it applies to every job's session).
			.config("spark.sql.adaptive.enabled", "true")
			.config("spark.sql.adaptive.coalescePartitions.enabled", "true")
			.config("spark.sql.shuffle.partitions", "8")
			.config("spark.ui.enabled", "false")
			.config("spark.sql.session.timeZone", "UTC")
			.config("spark.sql.legacy.timeParserPolicy", "CORRECTED")
			.config("spark.sql.ansi.enabled", "false")
			.config("spark.sql.adaptive.optimizer.excludedRules",
					"org.apache.spark.sql.execution.adaptive.AQEPropagateEmptyRelation")
			.config("spark.hadoop.fs.file.impl", System.getProperty("bench.fs.file.impl",
					"org.apache.hadoop.fs.LocalFileSystem"))
			.getOrCreate();
		try {
			PipelineParams params = new PipelineParams(Map.of("salesPath", args[0], "badRecords", "drop"),
					Map.of("salesPath", csv));
			PipelineResult result = new RetailSalesPipeline(CsvReader.uncached()).run(new PipelineContext("fresh", spark, params, out));
			System.out.println("SUMMARY inputRows=" + result.summary().get("inputRows") + " rejectedRows="
					+ result.summary().get("rejectedRows"));
		}
		finally {
			spark.stop();
		}
	}

}
