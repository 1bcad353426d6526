package dev.sparkway.pipeline;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A submission's parameters after validation: every declared parameter with its value or default, typed, and
 * input paths resolved under the input root.
 */
public final class PipelineParams {

	private final Map<String, Object> values;

	private final Map<String, Path> paths;

	public PipelineParams(Map<String, Object> values, Map<String, Path> paths) {
		this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
		this.paths = Map.copyOf(paths);
	}

	/** The effective values, as stored with the job and shown to clients (paths as given, relative). */
	public Map<String, Object> values() {
		return values;
	}

	public String string(String name) {
		return (String) require(name);
	}

	public int integer(String name) {
		return ((Number) require(name)).intValue();
	}

	public Integer optionalInteger(String name) {
		Object value = values.get(name);
		return value == null ? null : ((Number) value).intValue();
	}

	public long longValue(String name) {
		return ((Number) require(name)).longValue();
	}

	public double number(String name) {
		return ((Number) require(name)).doubleValue();
	}

	/**
	 * The absolute, checked location of every input file or folder the job reads, by parameter name (an input
	 * parameter that does not matter under the other values is not here).
	 */
	public Map<String, Path> inputs() {
		return paths;
	}

	/** The absolute, checked location of a path parameter. */
	public Path path(String name) {
		Path path = paths.get(name);
		if (path == null) {
			throw new IllegalArgumentException("No path parameter '" + name + "'");
		}
		return path;
	}

	private Object require(String name) {
		Object value = values.get(name);
		if (value == null) {
			throw new IllegalArgumentException("Parameter '" + name + "' has no value");
		}
		return value;
	}

}
