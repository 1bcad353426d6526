package dev.sparkway.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The retail-sales work in DuckDB (JDBC, in this process, 2 threads): the same explicit all-text schema, the same
 * rejection rules as {@code CsvReader}, the daily aggregate written as Parquet partitioned by StoreID and the monthly
 * aggregate rolled up from it, also as Parquet. Also compares the outputs of two runs row by row.
 */
final class DuckDbRetail {

	/** Relative tolerance for the summed doubles (different summation orders). */
	static final double TOLERANCE = 1e-9;

	record Counts(long inputRows, long rejectedRows) {
	}

	private DuckDbRetail() {
	}

	static Connection connect() throws SQLException {
		Connection connection = DriverManager.getConnection("jdbc:duckdb:");
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET threads = 2");
		}
		return connection;
	}

	/** Runs the work on {@code csv} into {@code out} (daily_sales/, monthly_sales/), returning the row counts. */
	static Counts run(Path csv, Path out) throws SQLException {
		try (Connection connection = connect(); Statement sql = connection.createStatement()) {
			sql.execute("""
					CREATE TEMP TABLE parsed AS
					WITH raw AS (
					  SELECT * FROM read_csv('%s', header = true, auto_detect = false, quote = '"', escape = '"',
					    columns = {'TransactionID': 'VARCHAR', 'Timestamp': 'VARCHAR', 'StoreID': 'VARCHAR',
					               'ProductID': 'VARCHAR', 'UserID': 'VARCHAR', 'Quantity': 'VARCHAR',
					               'UnitPrice': 'VARCHAR'})
					), typed AS (
					  SELECT
					    CASE WHEN trim(TransactionID) <> '' THEN TransactionID END AS TransactionID,
					    try_strptime(Timestamp, '%%Y-%%m-%%d %%H:%%M:%%S') AS Timestamp,
					    CASE WHEN trim(StoreID) <> '' THEN StoreID END AS StoreID,
					    CASE WHEN trim(ProductID) <> '' THEN ProductID END AS ProductID,
					    CASE WHEN regexp_full_match(Quantity, '\\s*[+-]?[0-9]{1,10}\\s*')
					          AND TRY_CAST(trim(Quantity) AS BIGINT) BETWEEN -2147483648 AND 2147483647
					         THEN CAST(trim(Quantity) AS INTEGER) END AS Quantity,
					    CASE WHEN regexp_full_match(UnitPrice, '\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]{1,3})?\\s*')
					          AND isfinite(TRY_CAST(trim(UnitPrice) AS DOUBLE))
					         THEN TRY_CAST(trim(UnitPrice) AS DOUBLE) END AS UnitPrice
					  FROM raw
					)
					SELECT *, (TransactionID IS NULL OR Timestamp IS NULL OR StoreID IS NULL OR ProductID IS NULL
					           OR Quantity IS NULL OR UnitPrice IS NULL) AS rejected
					FROM typed
					""".formatted(csv.toAbsolutePath()));
			sql.execute("""
					CREATE TEMP TABLE daily AS
					SELECT StoreID, strftime(Timestamp, '%Y-%m-%d') AS SaleDate,
					       sum(Quantity * UnitPrice) AS TotalDailySales, count(TransactionID) AS TotalDailyTransactions
					FROM parsed WHERE NOT rejected GROUP BY ALL
					""");
			sql.execute("COPY daily TO '%s' (FORMAT PARQUET, PARTITION_BY (StoreID))"
				.formatted(out.resolve("daily_sales")));
			sql.execute("""
					COPY (SELECT StoreID, substr(SaleDate, 1, 7) AS SaleMonth,
					             sum(TotalDailySales) AS TotalMonthlySales,
					             sum(TotalDailyTransactions) AS TotalMonthlyTransactions
					      FROM daily GROUP BY ALL) TO '%s' (FORMAT PARQUET)
					""".formatted(out.resolve("monthly_sales").resolve("part-0.parquet")));
			try (ResultSet counts = sql.executeQuery("SELECT count(*), count(*) FILTER (WHERE rejected) FROM parsed")) {
				counts.next();
				return new Counts(counts.getLong(1), counts.getLong(2));
			}
		}
	}

	/** Creates the folder the monthly file goes into (DuckDB writes a single file, not a folder). */
	static void prepare(Path out) throws java.io.IOException {
		java.nio.file.Files.createDirectories(out.resolve("monthly_sales"));
	}

	/**
	 * Differences between two outputs of the retail-sales work (folders with daily_sales/ and monthly_sales/), as
	 * readable lines; empty when they agree (doubles within {@link #TOLERANCE}, relative).
	 */
	static List<String> differences(Path a, Path b) throws SQLException {
		List<String> found = new ArrayList<>();
		try (Connection connection = connect(); Statement sql = connection.createStatement()) {
			compare(sql, found, daily(a), daily(b), "StoreID, SaleDate", "TotalDailySales", "TotalDailyTransactions",
					"daily_sales");
			compare(sql, found, monthly(a), monthly(b), "StoreID, SaleMonth", "TotalMonthlySales",
					"TotalMonthlyTransactions", "monthly_sales");
		}
		return found;
	}

	/** Rows in each of the two outputs of {@code a}: daily, monthly. */
	static long[] rowCounts(Path a) throws SQLException {
		try (Connection connection = connect(); Statement sql = connection.createStatement()) {
			long[] result = new long[2];
			try (ResultSet rows = sql.executeQuery("SELECT count(*) FROM " + daily(a))) {
				rows.next();
				result[0] = rows.getLong(1);
			}
			try (ResultSet rows = sql.executeQuery("SELECT count(*) FROM " + monthly(a))) {
				rows.next();
				result[1] = rows.getLong(1);
			}
			return result;
		}
	}

	private static String daily(Path dir) {
		// StoreID comes from the partition folders; read as text so "0042" stays "0042".
		return "read_parquet('%s/**/*.parquet', hive_partitioning = true, hive_types = {'StoreID': VARCHAR})"
			.formatted(dir.resolve("daily_sales"));
	}

	private static String monthly(Path dir) {
		return "read_parquet('%s/*.parquet')".formatted(dir.resolve("monthly_sales"));
	}

	private static void compare(Statement sql, List<String> found, String left, String right, String keys,
			String sum, String count, String name) throws SQLException {
		String query = """
				SELECT %1$s, l.%2$s, r.%2$s, l.%3$s, r.%3$s
				FROM (SELECT %1$s, %2$s, %3$s FROM %4$s) l FULL OUTER JOIN (SELECT %1$s, %2$s, %3$s FROM %5$s) r
				USING (%1$s)
				WHERE l.%3$s IS NULL OR r.%3$s IS NULL OR l.%3$s <> r.%3$s
				   OR abs(l.%2$s - r.%2$s) > %6$s * greatest(1.0, abs(l.%2$s))
				ORDER BY ALL LIMIT 5
				""".formatted(keys, sum, count, left, right, TOLERANCE);
		try (ResultSet rows = sql.executeQuery(query)) {
			while (rows.next()) {
				found.add("%s: %s %s -> %s vs %s, %s vs %s".formatted(name, rows.getString(1), rows.getString(2),
						rows.getObject(3), rows.getObject(4), rows.getObject(5), rows.getObject(6)));
			}
		}
	}

}
