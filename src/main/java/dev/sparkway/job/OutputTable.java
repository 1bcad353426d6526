package dev.sparkway.job;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.sparkway.pipeline.PipelineOutput;
import dev.sparkway.spark.JobSessions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

import org.springframework.stereotype.Component;

import static org.apache.spark.sql.functions.col;

/**
 * A Parquet output as the API shows it, for previews, pages and downloads alike: read with the schema it was
 * written with, in its natural order, each value rendered one way.
 * <p>
 * The natural order is the output's preview order followed by every other column of a simple type (text, number,
 * boolean, date, timestamp), ascending with nulls first: a total order for any two rows that differ in such a
 * column, so a page boundary always falls at a well-defined place.
 */
@Component
public class OutputTable {

	/** A request waits this long for a Spark session being rebuilt, then answers 503. */
	private static final Duration SPARK_WAIT = Duration.ofSeconds(10);

	/**
	 * The simple column types: their values compare, filter and fit in a cursor as one piece of text, read back from
	 * that text by the parser beside each.
	 */
	private static final List<SimpleType> SIMPLE_TYPES = List.of(new SimpleType(StringType.class, text -> text),
			new SimpleType(BooleanType.class, OutputTable::parseBoolean), new SimpleType(ByteType.class, Byte::valueOf),
			new SimpleType(ShortType.class, Short::valueOf), new SimpleType(IntegerType.class, Integer::valueOf),
			new SimpleType(LongType.class, Long::valueOf), new SimpleType(FloatType.class, Float::valueOf),
			new SimpleType(DoubleType.class, Double::valueOf), new SimpleType(DecimalType.class, BigDecimal::new),
			new SimpleType(DateType.class, LocalDate::parse), new SimpleType(TimestampType.class, Instant::parse),
			new SimpleType(TimestampNTZType.class, LocalDateTime::parse));

	private final JobSessions sessions;

	OutputTable(JobSessions sessions) {
		this.sessions = sessions;
	}

	/** Opens the output in a session of its own; nothing is read until the caller runs a Spark action. */
	public Opened open(PipelineOutput output, List<String> order) {
		SparkSession session = sessions.newSession(SPARK_WAIT);
		// Instants and LocalDates render as ISO-8601 without any JVM time-zone involvement.
		session.conf().set("spark.sql.datetime.java8API.enabled", "true");
		// Read with the schema written, so partition discovery cannot retype a column ("0042" stays a string).
		StructType schema = StructType.fromDDL(output.schema()
			.stream()
			.map(f -> "`" + f.name().replace("`", "``") + "` " + f.type())
			.collect(Collectors.joining(", ")));
		Column[] columns = output.schema().stream().map(f -> col(f.name())).toArray(Column[]::new);
		Dataset<Row> rows = session.read().schema(schema).parquet(resolved(output.location())).select(columns);
		List<StructField> key = new ArrayList<>();
		for (String name : order) {
			key.add(schema.apply(name));
		}
		for (StructField field : schema.fields()) {
			if (!order.contains(field.name()) && isSimple(field.dataType())) {
				key.add(field);
			}
		}
		return new Opened(session, output, schema, rows, List.copyOf(key));
	}

	/**
	 * A streaming output's location is a link to its current snapshot, replaced after every micro-batch: read the
	 * snapshot it names now (kept whole for a while after it is superseded), not whatever the link names by the
	 * time Spark opens each file.
	 */
	private static String resolved(String location) {
		try {
			URI uri = URI.create(location);
			if ("file".equals(uri.getScheme())) {
				return Path.of(uri).toRealPath().toUri().toString();
			}
		}
		catch (IOException | IllegalArgumentException ex) {
			// Not there (any more): Spark reports that as for any other missing output.
		}
		return location;
	}

	/** A column whose values compare, filter and fit in a cursor as one piece of text. */
	static boolean isSimple(DataType type) {
		return SIMPLE_TYPES.stream().anyMatch(simple -> simple.type().isInstance(type));
	}

	/** One row as the API shows it: column name to rendered value, in schema order. */
	public static Map<String, Object> record(Row row, List<PipelineOutput.Field> fields) {
		Map<String, Object> record = new LinkedHashMap<>();
		for (int i = 0; i < fields.size(); i++) {
			record.put(fields.get(i).name(), value(row.get(i)));
		}
		return record;
	}

	/** A Spark value as JSON shows it: dates and timestamps as ISO-8601 text, arrays as lists, structs as maps. */
	public static Object value(Object value) {
		if (value instanceof Instant || value instanceof LocalDate || value instanceof LocalDateTime) {
			return value.toString();
		}
		if (value instanceof scala.collection.Seq<?> seq) {
			List<Object> list = new ArrayList<>();
			for (int i = 0; i < seq.length(); i++) {
				list.add(value(seq.apply(i)));
			}
			return list;
		}
		if (value instanceof Row row) {
			Map<String, Object> struct = new LinkedHashMap<>();
			for (int i = 0; i < row.size(); i++) {
				struct.put(row.schema().fields()[i].name(), value(row.get(i)));
			}
			return struct;
		}
		return value;
	}

	/**
	 * A rendered simple value as text, exactly as it reads in JSON (without quotes) and CSV: what filters compare
	 * with and cursors carry. Jackson writes numbers with their {@code toString()}, so this is the same text.
	 */
	static String text(Object rendered) {
		return rendered == null ? null : rendered.toString();
	}

	/**
	 * The value of a simple column whose {@link #text} is {@code text}, as a Spark literal.
	 * @throws IllegalArgumentException if no value of that type renders as {@code text}
	 */
	static Object parse(String text, DataType type) {
		Object value;
		try {
			value = parseLoosely(text, type);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("'" + text + "' is not a " + type.simpleString());
		}
		String canonical = text(value(value));
		if (!canonical.equals(text)) {
			throw new IllegalArgumentException("'" + text + "' is not how a " + type.simpleString()
					+ " reads in rows; write it as '" + canonical + "'");
		}
		return value;
	}

	private static Object parseLoosely(String text, DataType type) {
		return SIMPLE_TYPES.stream()
			.filter(simple -> simple.type().isInstance(type))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("not a simple type: " + type.simpleString()))
			.parser()
			.apply(text);
	}

	private static Boolean parseBoolean(String text) {
		if (!text.equals("true") && !text.equals("false")) {
			throw new IllegalArgumentException(text);
		}
		return Boolean.valueOf(text);
	}

	private record SimpleType(Class<? extends DataType> type, Function<String, Object> parser) {
	}

	/**
	 * An output opened for reading.
	 * @param schema the schema it was written with
	 * @param rows every row, columns in schema order, not yet ordered
	 * @param key the natural order's columns
	 */
	public record Opened(SparkSession session, PipelineOutput output, StructType schema, Dataset<Row> rows,
			List<StructField> key) {

		/** The natural order: each key column ascending, nulls first. */
		public Column[] order() {
			return key.stream().map(f -> col(f.name()).asc_nulls_first()).toArray(Column[]::new);
		}

	}

}
