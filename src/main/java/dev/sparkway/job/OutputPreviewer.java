package dev.sparkway.job;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.sparkway.pipeline.PipelineOutput;
import dev.sparkway.spark.JobSessions;
import dev.sparkway.spark.SparkJobScope;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import org.springframework.stereotype.Component;

import static org.apache.spark.sql.functions.col;

/**
 * Reads the first rows of a Parquet output in its natural order. Only {@code limit + 1} rows ever reach the
 * server's heap (the extra one tells whether the preview is truncated).
 */
@Component
public class OutputPreviewer {

	/** A preview waits this long for a Spark session being rebuilt, then answers 503. */
	private static final Duration SPARK_WAIT = Duration.ofSeconds(10);

	private final JobSessions sessions;

	OutputPreviewer(JobSessions sessions) {
		this.sessions = sessions;
	}

	public Preview preview(PipelineOutput output, List<String> order, int limit) {
		SparkSession session = sessions.newSession(SPARK_WAIT);
		// Instants and LocalDates render as ISO-8601 without any JVM time-zone involvement.
		session.conf().set("spark.sql.datetime.java8API.enabled", "true");
		// Read with the schema written, so partition discovery cannot retype a column ("0042" stays a string).
		StructType schema = StructType.fromDDL(output.schema()
			.stream()
			.map(f -> "`" + f.name().replace("`", "``") + "` " + f.type())
			.collect(Collectors.joining(", ")));
		Column[] columns = output.schema().stream().map(f -> col(f.name())).toArray(Column[]::new);
		Column[] sort = order.stream().map(c -> col(c).asc_nulls_first()).toArray(Column[]::new);
		List<Row> rows;
		try (SparkJobScope pool = SparkJobScope.pool(session.sparkContext(), "previews")) {
			rows = session.read()
				.schema(schema)
				.parquet(resolved(output.location()))
				.select(columns)
				.orderBy(sort)
				.limit(limit + 1)
				.collectAsList();
		}
		List<Map<String, Object>> values = new ArrayList<>();
		for (Row row : rows.subList(0, Math.min(limit, rows.size()))) {
			Map<String, Object> record = new LinkedHashMap<>();
			for (int i = 0; i < columns.length; i++) {
				record.put(output.schema().get(i).name(), json(row.get(i)));
			}
			values.add(record);
		}
		return new Preview(output.name(), output.schema(), values, limit, rows.size() > limit);
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

	private static Object json(Object value) {
		if (value instanceof Instant instant) {
			return instant.toString();
		}
		if (value instanceof LocalDate date) {
			return date.toString();
		}
		if (value instanceof scala.collection.Seq<?> seq) {
			List<Object> list = new ArrayList<>();
			for (int i = 0; i < seq.length(); i++) {
				list.add(json(seq.apply(i)));
			}
			return list;
		}
		if (value instanceof Row row) {
			Map<String, Object> struct = new LinkedHashMap<>();
			for (int i = 0; i < row.size(); i++) {
				struct.put(row.schema().fields()[i].name(), json(row.get(i)));
			}
			return struct;
		}
		return value;
	}

	/** Rows of an output, at most {@code limit}, and whether more exist. */
	public record Preview(String output, List<PipelineOutput.Field> schema, List<Map<String, Object>> rows, int limit,
			boolean truncated) {
	}

}
