package dev.sparkway.job;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkway.pipeline.PipelineOutput;
import dev.sparkway.spark.SparkJobScope;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import org.springframework.stereotype.Component;

/**
 * A whole Parquet output written to a stream in its natural order, as CSV or JSON lines, with the values rendered
 * as everywhere else ({@link OutputTable}).
 * <p>
 * The server's heap does not grow with the output: the rows are range-partitioned by the natural order into
 * pieces of bounded size, and {@code toLocalIterator} brings one piece at a time to the server, where each row is
 * written out before the next is read.
 */
@Component
public class OutputDownloads {

	/** Rows per piece, whatever their width. */
	private static final long ROWS_PER_PIECE = 50_000;

	/** Parquet bytes per piece (compressed: a piece in memory is several times this). */
	private static final long BYTES_PER_PIECE = 8L << 20;

	private static final int MAX_PIECES = 10_000;

	private final OutputTable tables;

	private final ObjectMapper json;

	OutputDownloads(OutputTable tables, ObjectMapper json) {
		this.tables = tables;
		this.json = json;
	}

	/** The formats a download comes in; the name is the query value and the file name's extension. */
	public enum Format {

		CSV("text/csv"), JSONL("application/jsonl");

		private final String mediaType;

		Format(String mediaType) {
			this.mediaType = mediaType;
		}

		public String mediaType() {
			return mediaType;
		}

		public String extension() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	public void write(PipelineOutput output, List<String> order, Format format, OutputStream out) throws IOException {
		OutputTable.Opened table = tables.open(output, order);
		Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
		List<PipelineOutput.Field> fields = output.schema();
		if (format == Format.CSV) {
			writeCsvRecord(writer, fields.stream().map(f -> (Object) f.name()).toList());
		}
		try (SparkJobScope pool = SparkJobScope.pool(table.session().sparkContext(), "previews")) {
			Dataset<Row> ordered = table.rows()
				.repartitionByRange(pieces(table, output), table.order())
				.sortWithinPartitions(table.order());
			Iterator<Row> rows = ordered.toLocalIterator();
			while (rows.hasNext()) {
				Map<String, Object> record = OutputTable.record(rows.next(), fields);
				if (format == Format.CSV) {
					writeCsvRecord(writer, record.values());
				}
				else {
					writer.write(json.writeValueAsString(record));
					writer.write('\n');
				}
			}
		}
		writer.flush();
	}

	private static int pieces(OutputTable.Opened table, PipelineOutput output) {
		long rows = output.rowCount() == null ? 0 : output.rowCount();
		long bytes = table.rows().queryExecution().optimizedPlan().stats().sizeInBytes().longValue();
		long pieces = Math.max(ceilDiv(rows, ROWS_PER_PIECE), ceilDiv(bytes, BYTES_PER_PIECE));
		return (int) Math.max(1, Math.min(MAX_PIECES, pieces));
	}

	private static long ceilDiv(long a, long b) {
		return (a + b - 1) / b;
	}

	/** RFC 4180: comma-separated, CRLF-terminated, a field quoted (quotes doubled) when it needs to be. */
	private void writeCsvRecord(Writer writer, Iterable<Object> values) throws IOException {
		boolean first = true;
		for (Object value : values) {
			if (!first) {
				writer.write(',');
			}
			first = false;
			writer.write(csvField(value));
		}
		writer.write("\r\n");
	}

	/**
	 * A value as a CSV field: empty for null, {@code ""} for an empty text (so the two stay apart), arrays and
	 * structs as their JSON text, everything else as its text in JSON.
	 */
	String csvField(Object value) throws IOException {
		if (value == null) {
			return "";
		}
		String text = value instanceof List<?> || value instanceof Map<?, ?> ? json.writeValueAsString(value)
				: OutputTable.text(value);
		if (text.isEmpty() || text.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')) {
			return '"' + text.replace("\"", "\"\"") + '"';
		}
		return text;
	}

}
