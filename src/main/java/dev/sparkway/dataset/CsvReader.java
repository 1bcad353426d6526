package dev.sparkway.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import org.springframework.stereotype.Component;

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
 * Reads CSV files the one way every pipeline shares: RFC 4180 quoting ({@code ""} escapes a quote, a quoted field
 * may hold line breaks), columns matched by header name in any order, extra columns ignored, an explicit
 * all-string schema (no inference), and each needed column parsed with built-in functions. A row whose needed field
 * is empty or does not parse is not dropped here: it is marked with a reason in {@link #REJECT_REASON}, so callers
 * can count it and nothing else.
 * <p>
 * A file is parsed line by line, split across tasks, unless a quoted field of it holds a line break
 * ({@link CsvLayout}, found once per file identity): then it is parsed as a whole, in one task. Parsed rows
 * are kept in the {@link CsvParseCache} when it is enabled, so an unchanged file is parsed once.
 */
@Component
public class CsvReader {

	/** Null for an accepted row, else why the row was rejected. */
	public static final String REJECT_REASON = "_reject_reason";

	public static final String TIMESTAMP_PATTERN = "yyyy-MM-dd HH:mm:ss";

	private static final String INTEGER_PATTERN = "^\\s*[+-]?[0-9]{1,10}\\s*$";

	/** Plain decimal notation; Java's parser would also take {@code 10d}, {@code 0x1p3} or {@code NaN}. */
	private static final String DECIMAL_PATTERN = "^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]{1,3})?\\s*$";

	/** Files whose layout (records spanning lines or not) is remembered; a few bytes each. */
	private static final int MAX_LAYOUTS = 4096;

	private final FileIdentities identities;

	private final CsvParseCache cache;

	/** Per file identity, whether its records span lines and how they end. */
	private final Map<FileIdentity, CsvLayout> layouts = new LinkedHashMap<>(64, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<FileIdentity, CsvLayout> eldest) {
			return size() > MAX_LAYOUTS;
		}
	};

	CsvReader(FileIdentities identities, CsvParseCache cache) {
		this.identities = identities;
		this.cache = cache;
	}

	/**
	 * A reader without the parse cache, for code that runs a pipeline outside the server (a one-off process, as
	 * spark-submit would run it); the server's pipelines get the configured bean.
	 */
	public static CsvReader uncached() {
		return new CsvReader(new FileIdentities(), new CsvParseCache(false, 0, null, jobId -> false));
	}

	/**
	 * The needed columns, typed, plus {@link #REJECT_REASON}: from the parse cache when the file is unchanged
	 * since it was parsed, else parsed from the CSV. The header must already have been checked to contain every
	 * needed column (submission does that).
	 * @throws InterruptedException when the job is cancelled while another job parses the same file
	 */
	public Dataset<Row> read(SparkSession session, Path file, List<CsvColumn> columns) throws InterruptedException {
		FileIdentity identity;
		try {
			identity = identities.of(file);
		}
		catch (UncheckedIOException ex) {
			throw new InvalidInputPathException(ex.getMessage());
		}
		// Filling the cache is a Spark job; a dry run (plan only) plans the parse itself.
		if (!cache.enabled() || dev.sparkway.spark.PlanOnly.isOn(session)) {
			return parseFile(session, file, columns, layout(identity, file));
		}
		return cache.read(session, identity, columns, schema(columns),
				() -> parseFile(session, file, columns, layout(identity, file)),
				() -> layout(identity, file).recordsSpanLines());
	}

	/** The schema of what {@link #read} returns. */
	static StructType schema(List<CsvColumn> columns) {
		List<StructField> fields = new ArrayList<>();
		for (CsvColumn column : columns) {
			fields.add(DataTypes.createStructField(column.name(), switch (column.type()) {
				case STRING -> DataTypes.StringType;
				case INTEGER -> DataTypes.IntegerType;
				case DOUBLE -> DataTypes.DoubleType;
				case TIMESTAMP -> DataTypes.TimestampType;
			}, true));
		}
		fields.add(DataTypes.createStructField(REJECT_REASON, DataTypes.StringType, true));
		return new StructType(fields.toArray(StructField[]::new));
	}

	private CsvLayout layout(FileIdentity identity, Path file) {
		synchronized (layouts) {
			CsvLayout known = layouts.get(identity);
			if (known != null) {
				return known;
			}
		}
		CsvLayout layout;
		try {
			layout = CsvLayout.of(file);
		}
		catch (IOException ex) {
			throw new InvalidInputPathException("'" + file.getFileName() + "' cannot be read: " + ex.getMessage());
		}
		synchronized (layouts) {
			layouts.put(identity, layout);
		}
		return layout;
	}

	private static Dataset<Row> parseFile(SparkSession session, Path file, List<CsvColumn> columns, CsvLayout layout) {
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
		DataFrameReader reader = session.read()
			.option("header", "true")
			.option("enforceSchema", "true")
			.option("quote", "\"")
			.option("escape", "\"")
			.option("mode", "PERMISSIVE");
		if (layout.recordsSpanLines()) {
			// Not splittable: one task parses the whole file. The separator named, since the parser would otherwise
			// turn a CRLF inside a quoted field of a CRLF file into LF.
			reader = reader.option("multiLine", "true").option("lineSep", layout.lineSeparator());
		}
		Dataset<Row> raw = reader.schema(new StructType(fields.toArray(StructField[]::new)))
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
	 * number (the header not counted), its line number where every record is one line, and its reason. Empty when
	 * every row is accepted.
	 */
	public static Optional<String> firstRejected(Dataset<Row> parsed) {
		if (CsvParseCache.isEntry(parsed)) {
			return firstRejectedInEntry(parsed);
		}
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
		boolean spans;
		try {
			spans = CsvLayout.of(CsvParseCache.firstFile(parsed)).recordsSpanLines();
		}
		catch (IOException ex) {
			throw new InvalidInputPathException("the CSV file cannot be read: " + ex.getMessage());
		}
		return Optional.of(describe(before + position + 1, first.get(0).getString(0), spans));
	}

	/**
	 * As {@link #firstRejected}, over a parse cache entry: its part files hold the CSV's splits in file order (named
	 * by split number) and each keeps its rows in order, so file name and row index give the row number.
	 */
	private static Optional<String> firstRejectedInEntry(Dataset<Row> entry) {
		Dataset<Row> tagged = entry.select(col(REJECT_REASON), col("_metadata.file_name").as("_f"),
				col("_metadata.row_index").as("_i"));
		List<Row> first = tagged.filter(col(REJECT_REASON).isNotNull())
			.orderBy(col("_f"), col("_i"))
			.limit(1)
			.collectAsList();
		if (first.isEmpty()) {
			return Optional.empty();
		}
		long before = tagged.filter(col("_f").lt(first.get(0).getString(1))).count();
		return Optional.of(describe(before + first.get(0).getLong(2) + 1, first.get(0).getString(0),
				CsvParseCache.recordsSpanLines(entry)));
	}

	/** Names a row; its line too, where records are one line each (so data row N is on line N + 1). */
	private static String describe(long row, String reason, boolean recordsSpanLines) {
		return "data row " + row + (recordsSpanLines ? "" : " (line " + (row + 1) + ")") + ": " + reason;
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
