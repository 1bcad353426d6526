package dev.sparkway.pipeline;

import java.util.List;

import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * A started streaming query and the outputs it keeps current.
 */
public interface StreamingRun {

	StreamingQuery query();

	/** The outputs as of the last completed micro-batch; readable from any thread. */
	List<PipelineOutput> outputs();

	/** Once the query has terminated: removes what only the running query needed (superseded snapshots). */
	void close();

}
