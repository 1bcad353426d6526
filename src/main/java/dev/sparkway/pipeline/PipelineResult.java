package dev.sparkway.pipeline;

import java.util.List;
import java.util.Map;

/**
 * What a successful run produced: its outputs and pipeline-specific summary figures.
 */
public record PipelineResult(List<PipelineOutput> outputs, Map<String, Object> summary) {

	public PipelineResult {
		outputs = List.copyOf(outputs);
		summary = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(summary));
	}

	/** What a plan-only run returns: its plans are in {@link PipelineContext#plans()}. */
	public static PipelineResult planned() {
		return new PipelineResult(List.of(), Map.of());
	}

}
