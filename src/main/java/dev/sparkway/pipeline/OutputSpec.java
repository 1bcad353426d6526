package dev.sparkway.pipeline;

import java.util.List;

/**
 * An output a pipeline writes under the job's output directory.
 *
 * @param name directory name and the name clients preview it by
 * @param format {@link #PARQUET} or {@link #SPARK_ML_PIPELINE}
 * @param previewOrder columns that give previews a stable order (the output's natural sort key)
 */
public record OutputSpec(String name, String format, List<String> previewOrder) {

	public static final String PARQUET = "parquet";

	public static final String SPARK_ML_PIPELINE = "spark-ml-pipeline";

	public OutputSpec {
		previewOrder = List.copyOf(previewOrder);
	}

	public static OutputSpec parquet(String name, String... previewOrder) {
		return new OutputSpec(name, PARQUET, List.of(previewOrder));
	}

	public boolean previewable() {
		return PARQUET.equals(format);
	}

}
