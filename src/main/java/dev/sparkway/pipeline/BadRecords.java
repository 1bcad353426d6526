package dev.sparkway.pipeline;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import dev.sparkway.dataset.CsvReader;

/**
 * The shared {@code badRecords} parameter: {@code drop} rejected rows (counting them) or {@code fail} the job on
 * the first one.
 */
public enum BadRecords {

	DROP, FAIL;

	public static final String PARAMETER = "badRecords";

	public static ParameterSpec parameter() {
		return ParameterSpec.choice(PARAMETER, "drop",
				"What to do with a row whose required field is empty or unparseable: 'drop' it (it is counted in "
						+ "summary.rejectedRows) or 'fail' the job, naming the first bad row.",
				"drop", "fail");
	}

	public static BadRecords of(PipelineParams params) {
		return valueOf(params.string(PARAMETER).toUpperCase(java.util.Locale.ROOT));
	}

	/**
	 * In {@code fail} mode, fails with the first rejected row of a dataset read by {@link CsvReader}; in
	 * {@code drop} mode does nothing (and reads nothing).
	 */
	public void checkNone(Dataset<Row> parsed, String file) {
		// A dry run plans without running anything: the scan for a bad row is left out.
		if (this == FAIL && !dev.sparkway.spark.PlanOnly.isOn(parsed.sparkSession())) {
			CsvReader.firstRejected(parsed).ifPresent(row -> {
				throw new PipelineException("badRecords=fail and '" + file + "' has a bad row: " + row);
			});
		}
	}

}
