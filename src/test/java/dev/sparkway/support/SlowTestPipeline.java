package dev.sparkway.support;

import java.util.List;
import java.util.Map;

import dev.sparkway.pipeline.OutputSpec;
import dev.sparkway.pipeline.ParameterSpec;
import dev.sparkway.pipeline.BatchPipeline;
import dev.sparkway.pipeline.PipelineContext;
import dev.sparkway.pipeline.PipelineOutput;
import dev.sparkway.pipeline.PipelineResult;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.apache.spark.sql.functions.expr;

/**
 * A test-only pipeline whose Spark tasks take as long as asked: it writes a first output, then runs a Spark job of
 * {@code tasks} tasks that each sleep about {@code taskMillis} in steps of 100 ms (Thread.sleep through the
 * built-in {@code reflect}), so cancel, timeout and capacity can be tested on real Spark work.
 */
public class SlowTestPipeline implements BatchPipeline {

	public static final String NAME = "test-slow";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String description() {
		return "Test only: sleeps inside Spark tasks.";
	}

	@Override
	public List<ParameterSpec> parameters() {
		return List.of(ParameterSpec.integer("tasks", 2, 1, 100, "Spark tasks"),
				ParameterSpec.integer("taskMillis", 60_000, 0, 600_000, "How long each task sleeps"));
	}

	@Override
	public List<OutputSpec> outputs() {
		return List.of(OutputSpec.parquet("first", "id"), OutputSpec.parquet("slept", "id"));
	}

	@Override
	public PipelineResult run(PipelineContext context) throws Exception {
		int tasks = context.params().integer("tasks");
		PipelineOutput first = context.writeParquet("first", context.session().range(0, 3).toDF());
		int taskMillis = context.params().integer("taskMillis");
		int stepMillis = Math.min(taskMillis, 100);
		long stepsPerTask = Math.max(1, (taskMillis + 99) / 100);
		// Many short sleeps behind a shuffle: rows come through Spark's interruptible reader, so a kill is noticed
		// within one step even if its one interrupt was swallowed somewhere (Hadoop's Shell does that).
		Dataset<Row> slept = context.session()
			.range(0, tasks * stepsPerTask, 1, tasks)
			.repartition(tasks)
			.withColumn("slept", expr("reflect('java.lang.Thread', 'sleep', cast(" + stepMillis + " as bigint))"));
		PipelineOutput second = context.writeParquet("slept", slept);
		return new PipelineResult(List.of(first, second), Map.of("tasks", tasks));
	}

	@TestConfiguration(proxyBeanMethods = false)
	public static class Registration {

		@Bean
		SlowTestPipeline slowTestPipeline() {
			return new SlowTestPipeline();
		}

	}

}
