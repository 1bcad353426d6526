package dev.sparkway.dataset;

/**
 * A column a pipeline needs from a CSV file, and how its text is parsed.
 */
public record CsvColumn(String name, Type type) {

	public enum Type {

		/** Any non-blank text, kept exactly as written (so {@code 0042} stays {@code 0042}). */
		STRING,
		/** A whole number in int range, optionally signed. */
		INTEGER,
		/** A finite decimal number. */
		DOUBLE,
		/** Wall-clock {@code yyyy-MM-dd HH:mm:ss}, read in the session time zone (UTC). */
		TIMESTAMP

	}

	/** The names of the given columns, in order: what a CSV path parameter requires of the header. */
	public static java.util.List<String> names(java.util.List<CsvColumn> columns) {
		return columns.stream().map(CsvColumn::name).toList();
	}

	public static CsvColumn string(String name) {
		return new CsvColumn(name, Type.STRING);
	}

	public static CsvColumn integer(String name) {
		return new CsvColumn(name, Type.INTEGER);
	}

	public static CsvColumn decimal(String name) {
		return new CsvColumn(name, Type.DOUBLE);
	}

	public static CsvColumn timestamp(String name) {
		return new CsvColumn(name, Type.TIMESTAMP);
	}

}
