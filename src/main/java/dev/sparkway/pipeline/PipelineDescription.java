package dev.sparkway.pipeline;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A pipeline as the catalogue shows it.
 */
@Schema(description = "A pipeline that can be submitted as a job")
public record PipelineDescription(@Schema(example = "retail-sales") String name, String description,
		List<ParameterSpec> parameters, @Schema(example = "[\"daily_sales\", \"monthly_sales\"]") List<String> outputs) {

	public static PipelineDescription of(Pipeline pipeline) {
		return new PipelineDescription(pipeline.name(), pipeline.description(), pipeline.parameters(),
				pipeline.outputs().stream().map(OutputSpec::name).toList());
	}

}
