package dev.sparkway.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.sparkway.spark.PlanOnly;
import dev.sparkway.spark.SparkJobScope;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

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

	private final List<Dataset<?>> persisted = new ArrayList<>();

	private final Map<String, String> plans = new java.util.LinkedHashMap<>();

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
	 * Whether this run only plans (a dry run, {@link PlanOnly}): {@link #writeParquet} then records the physical
	 * plan instead of writing, and the pipeline must stop before any Spark action (reading its own output back,
	 * an observation's fallback, a fit) and return {@link PipelineResult#planned()}.
	 */
	public boolean planOnly() {
		return PlanOnly.isOn(session);
	}

	/** In a {@link #planOnly()} run: each output's physical plan as Spark would run it, in the order planned. */
	public Map<String, String> plans() {
		return java.util.Collections.unmodifiableMap(plans);
	}

	/**
	 * Writes {@code data} as the named Parquet output and describes it. The row count is observed during the
	 * write itself, not by a second pass. In a {@link #planOnly()} run it only records the plan (planning runs no
	 * Spark job) and describes the output without a row count.
	 */
	public PipelineOutput writeParquet(String name, Dataset<Row> data, String... partitionBy) throws InterruptedException {
		if (planOnly()) {
			plans.put(name, data.queryExecution().executedPlan().treeString());
			return new PipelineOutput(name, outputPath(name).toUri().toString(), OutputSpec.PARQUET, null,
					fields(data.schema()));
		}
		Observation written = new Observation(name + "_written");
		data.observe(written, count(lit(1)).as("rows"))
			.write()
			.mode(SaveMode.ErrorIfExists)
			.partitionBy(partitionBy)
			.parquet(outputPath(name).toUri().toString());
		String location = outputPath(name).toUri().toString();
		long rows = ((Number) Observations.get(session, written,
				() -> Map.of("rows", session.read().parquet(location).count()))
			.get("rows")).longValue();
		return new PipelineOutput(name, outputPath(name).toUri().toString(), OutputSpec.PARQUET, rows,
				fields(data.schema()));
	}

	/** Describes a non-tabular output (a saved model) already written at {@link #outputPath(String)}. */
	public PipelineOutput describe(String name, String format) {
		return new PipelineOutput(name, outputPath(name).toUri().toString(), format, null, List.of());
	}

	/**
	 * Caches a dataset the pipeline reuses. The runner releases it when the job ends, however it ends: a pipeline
	 * needs no finally block for it.
	 */
	public <T> Dataset<T> persist(Dataset<T> data) {
		persisted.add(data);
		return data.persist(StorageLevel.MEMORY_AND_DISK());
	}

	/**
	 * Releases everything this run cached: datasets given to {@link #persist} and any RDD still cached that was
	 * created on the job's thread (their call site's long form is {@link SparkJobScope#callSite}). For the executor, once the pipeline
	 * returned.
	 */
	public void releaseCaches() {
		// Non-blocking: the job's thread may carry an interrupt from a cancel; the blocks go soon enough.
		persisted.forEach(data -> data.unpersist(false));
		persisted.clear();
		String tag = SparkJobScope.callSite(jobId);
		for (JavaRDD<?> rdd : new ArrayList<>(JavaSparkContext.fromSparkContext(session.sparkContext())
			.getPersistentRDDs()
			.values())) {
			// creationSite is private[spark] in Scala, public in bytecode: the one record of who made an RDD.
			if (tag.equals(rdd.rdd().creationSite().longForm())) {
				rdd.unpersist(false);
			}
		}
	}

	public static List<PipelineOutput.Field> fields(StructType schema) {
		return java.util.Arrays.stream(schema.fields())
			.map((StructField f) -> new PipelineOutput.Field(f.name(), f.dataType().simpleString()))
			.toList();
	}

}
