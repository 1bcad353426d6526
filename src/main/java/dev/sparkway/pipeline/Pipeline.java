package dev.sparkway.pipeline;

import java.util.List;

/**
 * A named data pipeline the server can run as a job: what it is called, what it takes and what it writes. A
 * pipeline is one of two kinds, a {@link BatchPipeline} (runs to the end) or a {@link StreamingPipeline} (is started
 * and runs until stopped); implementations are Spring beans, and the {@link PipelineRegistry} finds them, so adding
 * a pipeline touches no controller.
 * <p>
 * A pipeline knows Spark, not jobs or HTTP: it receives validated parameters, a per-job SparkSession and an
 * output directory, and returns what it wrote and a few summary figures.
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
