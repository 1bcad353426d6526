package dev.sparkway.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

/**
 * Reads CSV files the one way every pipeline shares: RFC 4180 quoting ({@code ""} escapes a quote), columns
 * matched by header name in any order, extra columns ignored, an explicit all-string schema (no inference), and
 * each needed column parsed with built-in functions. A row whose needed field is empty or does not parse is not
 * dropped here: it is marked with a reason in {@link #REJECT_REASON}, so callers can count it and nothing else.
 */
public final class CsvReader {

	/** Null for an accepted row, else why the row was rejected. */
	public static final String REJECT_REASON = "_reject_reason";

	public static final String TIMESTAMP_PATTERN = "yyyy-MM-dd HH:mm:ss";

	private static final String INTEGER_PATTERN = "^\\s*[+-]?[0-9]{1,10}\\s*$";

	/** Plain decimal notation; Java's parser would also take {@code 10d}, {@code 0x1p3} or {@code NaN}. */
	private static final String DECIMAL_PATTERN = "^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]{1,3})?\\s*$";

	private CsvReader() {
	}

	/**
	 * The needed columns, typed, plus {@link #REJECT_REASON}. The header must already have been checked to
	 * contain every needed column (submission does that).
	 */
	public static Dataset<Row> read(SparkSession session, Path file, List<CsvColumn> columns) {
		List<String> header = CsvHeaders.read(file);
		// Every header column as a string, in file order: the schema is explicit and matches positions exactly.
		// Named as in the header where the names are usable, so Spark's header check agrees with the schema.
		boolean usable = header.stream().distinct().count() == header.size() && !header.contains("");
		List<String> names = new ArrayList<>();
		List<StructField> fields = new ArrayList<>();
		for (int i = 0; i < header.size(); i++) {
			names.add(usable ? header.get(i) : "_c" + i);
			fields.add(DataTypes.createStructField(names.get(i), DataTypes.StringType, true));
		}
		Dataset<Row> raw = session.read()
			.option("header", "true")
			.option("enforceSchema", "true")
			.option("quote", "\"")
			.option("escape", "\"")
			.option("mode", "PERMISSIVE")
			.schema(new StructType(fields.toArray(StructField[]::new)))
			.csv(file.toUri().toString());

		List<Column> typed = new ArrayList<>();
		List<Column> reasons = new ArrayList<>();
		for (CsvColumn column : columns) {
			int index = header.indexOf(column.name());
			if (index < 0) {
				throw new InvalidInputPathException(
						"'" + file.getFileName() + "' has no column '" + column.name() + "'");
			}
			Column text = raw.col("`" + names.get(index).replace("`", "``") + "`");
			Column parsed = parse(text, column.type());
			typed.add(parsed.as(column.name()));
			reasons.add(reason(column, text, parsed));
		}
		typed.add(coalesce(reasons.toArray(Column[]::new)).as(REJECT_REASON));
		return raw.select(typed.toArray(Column[]::new));
	}

	/**
	 * {@code inputRows} and {@code rejectedRows} of a dataset returned by {@link #read}, by a pass of their own:
	 * the fallback when the counts could not be observed during the pipeline's own pass.
	 */
	public static Map<String, Object> rowCounts(Dataset<Row> parsed) {
		Row counts = parsed.agg(count(lit(1)), count(col(REJECT_REASON))).first();
		return Map.of("inputRows", counts.getLong(0), "rejectedRows", counts.getLong(1));
	}

	/** True for accepted rows of a dataset returned by {@link #read}. */
	public static Column accepted() {
		return col(REJECT_REASON).isNull();
	}

	/**
	 * Finds the first rejected row in file order, without collecting anything but that row: its 1-based data row
	 * number (the header not counted) and its reason. Empty when every row is accepted.
	 */
	public static Optional<String> firstRejected(Dataset<Row> parsed) {
		// monotonically_increasing_id() is (partition << 33) + position in partition; a single file's partitions
		// are its splits in file order, so partition sizes before the first bad one give its row number.
		Dataset<Row> tagged = parsed.select(col(REJECT_REASON), spark_partition_id().as("_p"),
				monotonically_increasing_id().as("_id"));
		List<Row> first = tagged.filter(col(REJECT_REASON).isNotNull()).orderBy(col("_id")).limit(1).collectAsList();
		if (first.isEmpty()) {
			return Optional.empty();
		}
		int partition = first.get(0).getInt(1);
		long position = first.get(0).getLong(2) - ((long) partition << 33);
		long before = tagged.filter(col("_p").lt(partition)).count();
		long row = before + position + 1;
		return Optional.of("data row " + row + " (line " + (row + 1) + "): " + first.get(0).getString(0));
	}

	private static Column parse(Column text, CsvColumn.Type type) {
		return switch (type) {
			case STRING -> when(trim(text).notEqual(""), text);
			case INTEGER -> integer(text);
			case DOUBLE -> {
				Column value = trim(text).cast(DataTypes.DoubleType);
				yield when(text.rlike(DECIMAL_PATTERN).and(value.isNotNull()).and(isnan(value).equalTo(false))
					.and(value.notEqual(Double.POSITIVE_INFINITY))
					.and(value.notEqual(Double.NEGATIVE_INFINITY)), value);
			}
			case TIMESTAMP -> to_timestamp(text, TIMESTAMP_PATTERN);
		};
	}

	private static Column integer(Column text) {
		Column wide = trim(text).cast(DataTypes.LongType);
		return when(text.rlike(INTEGER_PATTERN).and(wide.between(Integer.MIN_VALUE, Integer.MAX_VALUE)),
				wide.cast(DataTypes.IntegerType));
	}

	private static Column reason(CsvColumn column, Column text, Column parsed) {
		String what = switch (column.type()) {
			case STRING -> "text";
			case INTEGER -> "an integer";
			case DOUBLE -> "a number";
			case TIMESTAMP -> "a timestamp (" + TIMESTAMP_PATTERN + ")";
		};
		return when(text.isNull().or(trim(text).equalTo("")), lit(column.name() + " is empty"))
			.when(parsed.isNull(), concat(lit(column.name() + " '"), text, lit("' is not " + what)));
	}

}
