package dev.sparkway.pipeline;

/**
 * A pipeline that runs to the end on the job's thread and returns what it wrote.
 */
public interface BatchPipeline extends Pipeline {

	/**
	 * Runs the pipeline on the job's thread. Spark work started here belongs to the job (its job group), so a
	 * cancel or timeout interrupts it.
	 * @throws PipelineException for failures whose message a caller can act on
	 */
	PipelineResult run(PipelineContext context) throws Exception;

}
