package dev.sparkway.spark;

import java.time.Instant;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Keeps one streaming job's figures from its query's progress reports. Register it with the job's own session
 * ({@code session.streams().addListener}): every session has its own StreamingQueryManager, so it hears only that
 * job's query.
 * <p>
 * Events arrive on Spark's listener-bus thread; readers take the latest snapshot from any thread.
 */
public final class StreamingFigures extends StreamingQueryListener {

	/** Name of the observation a streaming pipeline attaches to its input, before it drops rejected records. */
	public static final String INPUT_OBSERVATION = "input";

	/** Column of {@link #INPUT_OBSERVATION}: records of the micro-batch that were rejected. */
	public static final String REJECTED_ROWS = "rejectedRows";

	private static final Instant NO_WATERMARK = Instant.EPOCH;

	private volatile StreamingStatus status = StreamingStatus.STARTING;

	private long lastCountedBatch = -1;

	private long inputRows;

	private long rejectedRows;

	/** The figures as of the latest progress report. */
	public StreamingStatus status() {
		return status;
	}

	/** Rows read by every micro-batch so far. */
	public synchronized long inputRows() {
		return inputRows;
	}

	@Override
	public void onQueryStarted(QueryStartedEvent event) {
	}

	@Override
	public synchronized void onQueryProgress(QueryProgressEvent event) {
		StreamingQueryProgress progress = event.progress();
		// A batch is counted once: idle reports repeat a batch id without having read anything.
		if (progress.batchId() > lastCountedBatch && progress.numInputRows() > 0) {
			lastCountedBatch = progress.batchId();
			inputRows += progress.numInputRows();
			rejectedRows += rejected(progress.observedMetrics());
		}
		status = new StreamingStatus(progress.batchId(), progress.numInputRows(), finite(progress.inputRowsPerSecond()),
				finite(progress.processedRowsPerSecond()), watermark(progress.eventTime()),
				Instant.parse(progress.timestamp()), rejectedRows);
	}

	/**
	 * Since Spark 3.5 an idle query reports this instead of a progress without input: the query is alive, so
	 * {@code lastProgressAt} moves on (every {@code spark.sql.streaming.noDataProgressEventInterval}, 10 s), and a
	 * dashboard tells an idle stream from a stuck one.
	 */
	@Override
	public synchronized void onQueryIdle(QueryIdleEvent event) {
		StreamingStatus now = status;
		status = new StreamingStatus(now.batchId(), now.numInputRows(), now.inputRowsPerSecond(),
				now.processedRowsPerSecond(), now.watermark(), Instant.parse(event.timestamp()), now.rejectedRows());
	}

	@Override
	public void onQueryTerminated(QueryTerminatedEvent event) {
	}

	private static long rejected(Map<String, Row> observed) {
		Row row = observed == null ? null : observed.get(INPUT_OBSERVATION);
		if (row == null) {
			return 0;
		}
		Object value = row.getAs(REJECTED_ROWS);
		return value == null ? 0 : ((Number) value).longValue();
	}

	private static Instant watermark(Map<String, String> eventTime) {
		String value = eventTime == null ? null : eventTime.get("watermark");
		if (value == null) {
			return null;
		}
		Instant watermark = Instant.parse(value);
		return watermark.equals(NO_WATERMARK) ? null : watermark;
	}

	/** Rates are NaN when a batch took no time; JSON has no NaN. */
	private static double finite(double value) {
		return Double.isFinite(value) ? value : 0.0;
	}

}
