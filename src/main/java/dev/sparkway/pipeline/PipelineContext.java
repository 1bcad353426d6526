package dev.sparkway.pipeline;

import java.nio.file.Path;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

/**
 * What a pipeline run gets: the job id, a per-job SparkSession ({@code newSession()} of the shared one: same
 * SparkContext and cache, its own SQL conf and temporary views), validated parameters, and the job's output
 * directory, with the one way outputs are written.
 */
public final class PipelineContext {

	private final String jobId;

	private final SparkSession session;

	private final PipelineParams params;

	private final Path outputDir;

	public PipelineContext(String jobId, SparkSession session, PipelineParams params, Path outputDir) {
		this.jobId = jobId;
		this.session = session;
		this.params = params;
		this.outputDir = outputDir;
	}

	public String jobId() {
		return jobId;
	}

	public SparkSession session() {
		return session;
	}

	public PipelineParams params() {
		return params;
	}

	/** Where the named output goes: {@code <output-root>/<jobId>/<name>}. */
	public Path outputPath(String name) {
		return outputDir.resolve(name);
	}

	/**
	 * Writes {@code data} as the named Parquet output and describes it. The row count is observed during the
	 * write itself, not by a second pass.
	 */
	public PipelineOutput writeParquet(String name, Dataset<Row> data, String... partitionBy) throws InterruptedException {
		Observation written = new Observation(name + "_written");
		data.observe(written, count(lit(1)).as("rows"))
			.write()
			.mode(SaveMode.ErrorIfExists)
			.partitionBy(partitionBy)
			.parquet(outputPath(name).toUri().toString());
		long rows = ((Number) written.getAsJava().get("rows")).longValue();
		return new PipelineOutput(name, outputPath(name).toUri().toString(), OutputSpec.PARQUET, rows,
				fields(data.schema()));
	}

	/** Describes a non-tabular output (a saved model) already written at {@link #outputPath(String)}. */
	public PipelineOutput describe(String name, String format) {
		return new PipelineOutput(name, outputPath(name).toUri().toString(), format, null, List.of());
	}

	public static List<PipelineOutput.Field> fields(StructType schema) {
		return java.util.Arrays.stream(schema.fields())
			.map((StructField f) -> new PipelineOutput.Field(f.name(), f.dataType().simpleString()))
			.toList();
	}

}
