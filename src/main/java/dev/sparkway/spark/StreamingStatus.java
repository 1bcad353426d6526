package dev.sparkway.spark;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Live figures of a streaming job: those of its query's latest progress report, and the rows it rejected so far.
 *
 * @param batchId the latest micro-batch reported (a batch without input, run to move the watermark, counts)
 * @param numInputRows rows read by that micro-batch
 * @param inputRowsPerSecond rate at which rows arrived for it
 * @param processedRowsPerSecond rate at which it processed them
 * @param watermark event time behind which records are dropped as late; null until the first watermark
 * @param lastProgressAt when the query last reported: a micro-batch, or (about every 10 s) that it is idle
 * @param rejectedRows records dropped so far because they were not JSON or their created_at did not parse
 */
@Schema(description = "Live figures of a streaming job (null for batch pipelines).")
public record StreamingStatus(Long batchId, long numInputRows, double inputRowsPerSecond,
		double processedRowsPerSecond, Instant watermark, Instant lastProgressAt, long rejectedRows) {

	/** Before the first progress report. */
	public static final StreamingStatus STARTING = new StreamingStatus(null, 0, 0, 0, null, null, 0);

}
