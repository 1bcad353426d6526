package dev.sparkway.job;

import java.util.List;
import java.util.Map;

import dev.sparkway.pipeline.PipelineOutput;
import dev.sparkway.spark.SparkJobScope;
import io.swagger.v3.oas.annotations.media.Schema;
import org.apache.spark.sql.Row;

import org.springframework.stereotype.Component;

/**
 * Reads the first rows of a Parquet output in its natural order. Only {@code limit + 1} rows ever reach the
 * server's heap (the extra one tells whether the preview is truncated).
 */
@Component
public class OutputPreviewer {

	private final OutputTable tables;

	OutputPreviewer(OutputTable tables) {
		this.tables = tables;
	}

	public Preview preview(PipelineOutput output, List<String> order, int limit) {
		OutputTable.Opened table = tables.open(output, order);
		List<Row> rows;
		try (SparkJobScope pool = SparkJobScope.pool(table.session().sparkContext(), "previews")) {
			rows = table.rows().orderBy(table.order()).limit(limit + 1).collectAsList();
		}
		List<Map<String, Object>> values = rows.subList(0, Math.min(limit, rows.size()))
			.stream()
			.map(row -> OutputTable.record(row, output.schema()))
			.toList();
		return new Preview(output.name(), output.schema(), values, limit, rows.size() > limit);
	}

	/** Rows of an output, at most {@code limit}, and whether more exist. */
	public record Preview(String output, List<PipelineOutput.Field> schema,
			@Schema(description = "Rows: column name to value, in schema order", example = """
					[{"StoreID": "0042", "SaleDate": "2024-03-31", "TotalDailySales": 1289.5, "TotalDailyTransactions": 17}]""")
			List<Map<String, Object>> rows, int limit,
			boolean truncated) {
	}

}
