package dev.sparkway.support;

import java.util.List;
import java.util.Map;

import dev.sparkway.pipeline.BatchPipeline;
import dev.sparkway.pipeline.OutputSpec;
import dev.sparkway.pipeline.ParameterSpec;
import dev.sparkway.pipeline.PipelineContext;
import dev.sparkway.pipeline.PipelineResult;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.repeat;

/**
 * A test-only pipeline that writes an output as large as asked without reading anything: {@code rows} rows of
 * {@code id} (0 to rows - 1, written in descending order) and {@code text}, the id followed by {@code width}
 * {@code x}s. For downloads larger than a server's heap.
 */
public class WideRowsTestPipeline implements BatchPipeline {

	public static final String NAME = "test-wide-rows";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String description() {
		return "Test only: writes wide generated rows.";
	}

	@Override
	public List<ParameterSpec> parameters() {
		return List.of(ParameterSpec.integer("rows", 1000, 1, 10_000_000, "Rows to write"),
				ParameterSpec.integer("width", 100, 0, 100_000, "x characters per row"));
	}

	@Override
	public List<OutputSpec> outputs() {
		return List.of(OutputSpec.parquet("wide", "id"));
	}

	@Override
	public PipelineResult run(PipelineContext context) throws Exception {
		long rows = context.params().integer("rows");
		int width = context.params().integer("width");
		Dataset<Row> wide = context.session()
			.range(0, rows, 1, 8)
			.select(lit(rows - 1).minus(col("id")).as("id"))
			.withColumn("text", concat(col("id").cast("string"), repeat(lit("x"), width)));
		return new PipelineResult(List.of(context.writeParquet("wide", wide)), Map.of("rows", rows));
	}

	@TestConfiguration(proxyBeanMethods = false)
	public static class Registration {

		@Bean
		WideRowsTestPipeline wideRowsTestPipeline() {
			return new WideRowsTestPipeline();
		}

	}

}
