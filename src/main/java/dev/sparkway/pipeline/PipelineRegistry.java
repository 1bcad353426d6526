package dev.sparkway.pipeline;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.stereotype.Component;

/**
 * Every {@link Pipeline} bean, by name.
 */
@Component
public class PipelineRegistry {

	private final Map<String, Pipeline> pipelines = new TreeMap<>();

	PipelineRegistry(List<Pipeline> pipelines) {
		for (Pipeline pipeline : pipelines) {
			Pipeline previous = this.pipelines.put(pipeline.name(), pipeline);
			if (previous != null) {
				throw new IllegalStateException("Two pipelines are named '" + pipeline.name() + "': "
						+ previous.getClass().getName() + " and " + pipeline.getClass().getName());
			}
		}
	}

	public Collection<Pipeline> all() {
		return pipelines.values();
	}

	/** @throws UnknownPipelineException naming the known pipelines */
	public Pipeline get(String name) {
		Pipeline pipeline = pipelines.get(name);
		if (pipeline == null) {
			throw new UnknownPipelineException(name, pipelines.keySet());
		}
		return pipeline;
	}

}
