package dev.sparkway.pipeline;

import java.util.List;

/**
 * A named data pipeline the server can run as a job. Implementations are Spring beans; the
 * {@link PipelineRegistry} finds them, so adding a pipeline touches no controller.
 * <p>
 * A pipeline knows Spark, not HTTP: it receives validated parameters, a per-job SparkSession and an output
 * directory, and returns what it wrote and a few summary figures.
 */
public interface Pipeline {

	/** Stable name clients submit, e.g. {@code retail-sales}. */
	String name();

	/** One or two sentences for the catalogue. */
	String description();

	/** Typed parameters, with defaults; anything else a client sends is rejected at submission. */
	List<ParameterSpec> parameters();

	/** Outputs the pipeline writes, in the order it lists them. */
	List<OutputSpec> outputs();

	/**
	 * Runs the pipeline on the job's thread. Spark work started here belongs to the job (its job group), so a
	 * cancel or timeout interrupts it.
	 * @throws PipelineException for failures whose message a caller can act on
	 */
	PipelineResult run(PipelineContext context) throws Exception;

	/**
	 * Whether the parameter matters under the given values (those of the parameters declared before it). The
	 * input file or folder of a parameter that does not matter is not looked for at submission.
	 */
	default boolean uses(String parameter, java.util.Map<String, Object> values) {
		return true;
	}

	/**
	 * Rules that span parameters or depend on the server's configuration, checked at submission after each
	 * parameter passed its own checks. {@code values} holds only the parameters that did. Returns every problem.
	 */
	default List<ParameterError> check(java.util.Map<String, Object> values) {
		return List.of();
	}

	/** The output spec of the given name, if this pipeline declares one. */
	default java.util.Optional<OutputSpec> output(String name) {
		return outputs().stream().filter(o -> o.name().equals(name)).findFirst();
	}

}
