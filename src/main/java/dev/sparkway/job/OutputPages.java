package dev.sparkway.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

import dev.sparkway.pipeline.InvalidParametersException;
import dev.sparkway.pipeline.ParameterError;
import dev.sparkway.pipeline.PipelineOutput;
import dev.sparkway.spark.SparkJobScope;
import io.swagger.v3.oas.annotations.media.Schema;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

import org.springframework.stereotype.Component;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * Every row of a Parquet output, one page at a time, in its natural order ({@link OutputTable}), optionally
 * filtered and projected.
 * <p>
 * A page is one Spark pass: the rows after the cursor's key (a filter pushed down to Parquet, which skips row
 * groups wholly before it), the first {@code size + 1} of them by a top-k that holds only those rows, never a full
 * sort. Only one page of rows reaches the server's heap.
 */
@Component
public class OutputPages {

	public static final int MAX_SIZE = 10_000;

	/**
	 * Rows equal in every ordering column that a cursor may step over; a page holds them in the heap, so a cursor
	 * naming more (only a forged one could, short of an output of a million identical rows) is refused.
	 */
	static final long MAX_TIED = 1_000_000;

	private final OutputTable tables;

	OutputPages(OutputTable tables) {
		this.tables = tables;
	}

	/**
	 * One page.
	 * @param settled the output can no longer change (its job ended), so the total can travel in the cursor
	 * @throws InvalidParametersException naming every unknown column, bad filter value or bad cursor
	 */
	public Page page(String jobId, PipelineOutput output, List<String> order, Query query, boolean settled) {
		OutputTable.Opened table = tables.open(output, order);
		String scope = RowCursor.scope(jobId, output.name(), query.filters());
		List<ParameterError> errors = new ArrayList<>();
		List<Integer> projection = projection(output, query.columns(), errors);
		Column filter = filter(table, query.filters(), errors);
		RowCursor cursor = null;
		Column after = null;
		if (query.cursor() != null) {
			try {
				cursor = RowCursor.decode(query.cursor());
				if (cursor.skip() > MAX_TIED) {
					throw new IllegalArgumentException("not a cursor this server wrote; pass nextCursor exactly as received");
				}
				if (!cursor.scope().equals(scope) || cursor.after().size() != table.key().size()) {
					throw new IllegalArgumentException("belongs to another job, output or set of filters; "
							+ "page with the same filters it was given with");
				}
				after = atOrAfter(table.key(), cursor.after());
			}
			catch (IllegalArgumentException ex) {
				errors.add(new ParameterError("cursor", ex.getMessage()));
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidParametersException(errors);
		}
		Dataset<Row> matching = filter == null ? table.rows() : table.rows().filter(filter);
		long skip = cursor == null ? 0 : cursor.skip();
		List<Row> rows;
		long total;
		try (SparkJobScope pool = SparkJobScope.pool(table.session().sparkContext(), "previews")) {
			Dataset<Row> from = after == null ? matching : matching.filter(after);
			rows = from.orderBy(table.order()).limit(Math.toIntExact(skip + query.size() + 1)).collectAsList();
			total = settled && cursor != null && cursor.totalRows() != null ? cursor.totalRows() : matching.count();
		}
		rows = rows.subList((int) Math.min(skip, rows.size()), rows.size());
		boolean more = rows.size() > query.size();
		List<Row> page = rows.subList(0, Math.min(query.size(), rows.size()));
		String next = null;
		if (more) {
			List<String> lastKey = key(table, page.get(page.size() - 1));
			// Rows sharing the last key: those on this page, plus those on earlier pages if the page began inside it.
			long same = 0;
			for (int i = page.size() - 1; i >= 0 && key(table, page.get(i)).equals(lastKey); i--) {
				same++;
			}
			if (same == page.size() && cursor != null && cursor.after().equals(lastKey)) {
				same += skip;
			}
			next = new RowCursor(scope, lastKey, same, settled ? total : null).encode();
		}
		List<PipelineOutput.Field> fields = projection.stream().map(i -> output.schema().get(i)).toList();
		List<Map<String, Object>> values = new ArrayList<>();
		for (Row row : page) {
			Map<String, Object> record = new LinkedHashMap<>();
			for (int i : projection) {
				record.put(output.schema().get(i).name(), OutputTable.value(row.get(i)));
			}
			values.add(record);
		}
		return new Page(output.name(), fields, values, query.size(), total, next);
	}

	private static List<Integer> projection(PipelineOutput output, List<String> columns, List<ParameterError> errors) {
		List<String> names = output.schema().stream().map(PipelineOutput.Field::name).toList();
		if (columns == null) {
			return IntStream.range(0, names.size()).boxed().toList();
		}
		List<Integer> projection = new ArrayList<>();
		for (String column : columns) {
			int index = names.indexOf(column);
			if (index < 0) {
				errors.add(new ParameterError("columns", "unknown column '" + column + "'; the columns are: "
						+ String.join(", ", names)));
			}
			else if (!projection.contains(index)) {
				projection.add(index);
			}
		}
		return projection;
	}

	private static Column filter(OutputTable.Opened table, Map<String, List<String>> filters,
			List<ParameterError> errors) {
		Column all = null;
		for (Map.Entry<String, List<String>> entry : filters.entrySet()) {
			String field = "filter." + entry.getKey();
			if (!List.of(table.schema().fieldNames()).contains(entry.getKey())) {
				errors.add(new ParameterError(field, "unknown column '" + entry.getKey() + "'; the columns are: "
						+ String.join(", ", table.schema().fieldNames())));
				continue;
			}
			StructField column = table.schema().apply(entry.getKey());
			if (!OutputTable.isSimple(column.dataType())) {
				errors.add(new ParameterError(field, "a " + column.dataType().simpleString()
						+ " column cannot be filtered; filter on a column of text, numbers, booleans, dates or timestamps"));
				continue;
			}
			for (String value : entry.getValue()) {
				try {
					Column equal = col(column.name()).equalTo(lit(OutputTable.parse(value, column.dataType())));
					all = all == null ? equal : all.and(equal);
				}
				catch (IllegalArgumentException ex) {
					errors.add(new ParameterError(field, ex.getMessage()));
				}
			}
		}
		return all;
	}

	/**
	 * Rows at or after {@code after} in the natural order (ascending, nulls first), as a lexicographic comparison
	 * spelled out column by column, plus the first column's bound on its own so Parquet can skip row groups by it.
	 */
	private static Column atOrAfter(List<StructField> key, List<String> after) {
		List<Object> values = new ArrayList<>();
		for (int i = 0; i < key.size(); i++) {
			String text = after.get(i);
			values.add(text == null ? null : OutputTable.parse(text, key.get(i).dataType()));
		}
		Column equalSoFar = lit(true);
		Column result = lit(false);
		for (int i = 0; i < key.size(); i++) {
			Column column = col(key.get(i).name());
			Object value = values.get(i);
			Column greater = value == null ? column.isNotNull() : column.gt(lit(value));
			result = result.or(equalSoFar.and(greater));
			equalSoFar = equalSoFar.and(column.eqNullSafe(lit(value)));
		}
		result = result.or(equalSoFar);
		Object first = values.get(0);
		return first == null ? result : col(key.get(0).name()).geq(lit(first)).and(result);
	}

	private static List<String> key(OutputTable.Opened table, Row row) {
		List<String> key = new ArrayList<>();
		for (StructField field : table.key()) {
			key.add(OutputTable.text(OutputTable.value(row.get(row.fieldIndex(field.name())))));
		}
		return key;
	}

	/**
	 * What a client asked for.
	 * @param columns the columns to return, in this order; null for all
	 * @param filters column to the values it must equal (as rows render them)
	 * @param cursor a previous page's nextCursor; null for the first page
	 */
	public record Query(int size, List<String> columns, Map<String, List<String>> filters, String cursor) {

		public Query {
			Objects.requireNonNull(filters);
		}

	}

	/** One page of rows and where the next one starts (null on the last). */
	// Named apart from the job list's JobResponse.Page: springdoc would otherwise describe both with one schema.
	@Schema(name = "RowsPage")
	public record Page(String output, List<PipelineOutput.Field> schema,
			@Schema(description = "Rows: column name to value, in schema order", example = """
					[{"StoreID": "0042", "SaleDate": "2024-03-31", "TotalDailySales": 1289.5, "TotalDailyTransactions": 17}]""")
			List<Map<String, Object>> rows, int size,
			long totalRows, String nextCursor) {
	}

}
