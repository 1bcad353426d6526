package dev.sparkway.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether a CSV file has records spanning lines (a quoted field holding CR or LF), and the line break that ends
 * its records, found in one pass over its bytes. A file of one-line records can be split across tasks at any line
 * break; any other must be parsed as a whole, with its record separator named so that a line break inside a quoted
 * field is kept as written.
 * <p>
 * A quote opens a quoted field only as the first character of a field, as the CSV parser reads it; inside one,
 * {@code ""} is a quote. A quoted field still open at the end of the file (an unbalanced quote) does not count:
 * parsed as a whole, such a file would lose every record after the quote into one field, so it is read line by line
 * as before, which confines the damage to the lines with the stray quote.
 *
 * @param recordsSpanLines whether a closed quoted field holds a line break
 * @param lineSeparator the first line break outside quotes ({@code \r\n}, {@code \n} or {@code \r}): the end of the
 * header record; {@code \n} when the file has a single line
 */
record CsvLayout(boolean recordsSpanLines, String lineSeparator) {

	private static final int BUFFER_BYTES = 1 << 20;

	private enum State { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED }

	/** Scans the file; stops once it has seen a quoted field with a line break and the record separator. */
	static CsvLayout of(Path file) throws IOException {
		Scan scan = new Scan();
		// A FileChannel stops with ClosedByInterruptException when the job's thread is interrupted (cancel).
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
			boolean first = true;
			while (channel.read(buffer) >= 0) {
				buffer.flip();
				byte[] bytes = buffer.array();
				int end = buffer.limit();
				int i = 0;
				if (first && end >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF) {
					i = 3;
				}
				first = false;
				for (; i < end; i++) {
					scan.accept(bytes[i]);
					if (scan.spans && scan.separator != null) {
						return new CsvLayout(true, scan.separator);
					}
				}
				buffer.clear();
			}
		}
		return scan.end();
	}

	/** The state of a scan: where in a record it is, and what it has found so far. */
	private static final class Scan {

		State state = State.FIELD_START;

		String separator;

		boolean afterCarriageReturn;

		boolean lineBreakInField;

		boolean spans;

		void accept(byte b) {
			if (afterCarriageReturn) {
				separator = b == '\n' ? "\r\n" : "\r";
				afterCarriageReturn = false;
			}
			switch (state) {
				case FIELD_START -> {
					if (b == '"') {
						state = State.QUOTED;
					}
					else {
						outside(b);
					}
				}
				case UNQUOTED -> outside(b);
				case QUOTED -> {
					if (b == '"') {
						state = State.QUOTE_IN_QUOTED;
					}
					else if (b == '\n' || b == '\r') {
						lineBreakInField = true;
					}
				}
				case QUOTE_IN_QUOTED -> {
					if (b == '"') {
						state = State.QUOTED;
					}
					else {
						spans |= lineBreakInField;
						lineBreakInField = false;
						outside(b);
					}
				}
			}
		}

		/** A byte outside quotes: a field or record ends, or an unquoted field goes on. */
		private void outside(byte b) {
			if (separator == null && b == '\n') {
				separator = "\n";
			}
			afterCarriageReturn = separator == null && b == '\r';
			state = b == ',' || b == '\n' || b == '\r' ? State.FIELD_START : State.UNQUOTED;
		}

		CsvLayout end() {
			if (afterCarriageReturn) {
				separator = "\r";
			}
			if (state == State.QUOTE_IN_QUOTED) {
				spans |= lineBreakInField;
			}
			return new CsvLayout(spans, separator == null ? "\n" : separator);
		}

	}

}
