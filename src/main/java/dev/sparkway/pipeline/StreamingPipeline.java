package dev.sparkway.pipeline;

/**
 * A pipeline that runs as a Structured Streaming query: it is started, keeps its outputs current after every
 * micro-batch, and ends when it is stopped, when an {@code availableNow} trigger has drained its input, or when the
 * query fails. The job executor runs it in slots of its own, apart from batch jobs'.
 * <p>
 * To have its rejected records counted, the pipeline observes its input under
 * {@link dev.sparkway.spark.StreamingFigures#INPUT_OBSERVATION} with a
 * {@link dev.sparkway.spark.StreamingFigures#REJECTED_ROWS} count.
 */
public interface StreamingPipeline extends Pipeline {

	/**
	 * Starts the query on the job's session (the call returns once it runs). Outputs are written under the job's
	 * output directory, as is the query's checkpoint.
	 * @throws PipelineException for failures whose message a caller can act on
	 */
	StreamingRun start(PipelineContext context) throws Exception;

}
