package dev.sparkway.pipeline;

import java.util.List;

/**
 * What a job wrote for one output.
 *
 * @param name the output's name
 * @param location URI of the output directory
 * @param format {@code parquet} or {@code spark-ml-pipeline}
 * @param rowCount rows written (null for models)
 * @param schema columns written, in order
 */
public record PipelineOutput(String name, String location, String format, Long rowCount, List<Field> schema) {

	public PipelineOutput {
		schema = schema == null ? List.of() : List.copyOf(schema);
	}

	/** A column: its name and Spark SQL type ({@code string}, {@code double}, {@code array<double>}, ...). */
	public record Field(String name, String type) {
	}

}
