package dev.sparkway.job;

import java.util.List;

import dev.sparkway.pipeline.PipelineDescription;
import dev.sparkway.pipeline.PipelineRegistry;
import dev.sparkway.pipeline.UnknownPipelineException;
import dev.sparkway.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The pipeline catalogue.
 */
@RestController
@RequestMapping(path = "/api/v1/pipelines", produces = "application/json")
@Tag(name = "Pipelines", description = "What can be run, with which parameters")
class PipelineController {

	private final PipelineRegistry registry;

	PipelineController(PipelineRegistry registry) {
		this.registry = registry;
	}

	@GetMapping
	@Operation(summary = "List pipelines", description = "Every pipeline with its parameters and outputs.")
	@ApiResponse(responseCode = "200", description = "The catalogue")
	List<PipelineDescription> list() {
		return registry.all().stream().map(PipelineDescription::of).toList();
	}

	@GetMapping("/{name}")
	@Operation(summary = "Get a pipeline")
	@ApiResponse(responseCode = "200", description = "The pipeline")
	@ProblemResponses.NotFound
	PipelineDescription get(@Parameter(description = "Pipeline name, as listed by GET /api/v1/pipelines",
			example = "retail-sales") @PathVariable String name) {
		try {
			return PipelineDescription.of(registry.get(name));
		}
		catch (UnknownPipelineException ex) {
			throw new NoSuchPipelineException(ex);
		}
	}

}
