package dev.sparkway.dataset;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the header record of an RFC 4180 CSV file without reading the rest of it.
 */
public final class CsvHeaders {

	/** A header longer than this is not a CSV header (a binary file, or a file with no line breaks). */
	static final int MAX_HEADER_CHARS = 64 * 1024;

	private CsvHeaders() {
	}

	/**
	 * The column names of the file's first record, trimmed, with a UTF-8 byte-order mark removed.
	 * @throws InvalidInputPathException when the file is empty, unreadable or does not start with a header
	 */
	public static List<String> read(Path file) {
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			return parse(reader, file.getFileName().toString());
		}
		catch (IOException | java.io.UncheckedIOException ex) {
			throw new InvalidInputPathException("'" + file.getFileName() + "' cannot be read as UTF-8 text");
		}
	}

	static List<String> parse(Reader reader, String fileName) throws IOException {
		List<String> columns = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		int read = 0;
		int c = reader.read();
		if (c == '\uFEFF') {
			c = reader.read();
		}
		if (c == -1) {
			throw new InvalidInputPathException("'" + fileName + "' is empty: it has no header row");
		}
		for (; c != -1; c = reader.read()) {
			if (++read > MAX_HEADER_CHARS) {
				throw new InvalidInputPathException("'" + fileName + "' does not start with a CSV header row");
			}
			if (quoted) {
				if (c == '"') {
					reader.mark(1);
					int next = reader.read();
					if (next == '"') {
						field.append('"');
					}
					else {
						quoted = false;
						reader.reset();
					}
				}
				else {
					field.append((char) c);
				}
			}
			else if (c == '"') {
				quoted = true;
			}
			else if (c == ',') {
				columns.add(field.toString().trim());
				field.setLength(0);
			}
			else if (c == '\n' || c == '\r') {
				break;
			}
			else if (c == 0) {
				throw new InvalidInputPathException("'" + fileName + "' is not a text CSV file");
			}
			else {
				field.append((char) c);
			}
		}
		columns.add(field.toString().trim());
		return List.copyOf(columns);
	}

}
