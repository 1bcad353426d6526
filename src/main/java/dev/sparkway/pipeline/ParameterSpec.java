package dev.sparkway.pipeline;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One parameter of a pipeline, as the catalogue shows it and as submissions are validated against it.
 *
 * @param name parameter name in {@code params}
 * @param type JSON type
 * @param required whether a submission must give it (required parameters have no default)
 * @param defaultValue value used when the submission leaves it out
 * @param description what it does
 * @param allowedValues for strings with a closed set of values
 * @param minimum inclusive lower bound for numbers
 * @param maximum inclusive upper bound for numbers
 * @param requiredColumns for paths to CSV files: the header columns the file must have
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ParameterSpec(String name, ParameterType type, boolean required, Object defaultValue,
		String description, List<String> allowedValues, Number minimum, Number maximum,
		List<String> requiredColumns) {

	public ParameterSpec {
		allowedValues = allowedValues == null ? List.of() : List.copyOf(allowedValues);
		requiredColumns = requiredColumns == null ? List.of() : List.copyOf(requiredColumns);
	}

	@Override
	@JsonProperty("default")
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public Object defaultValue() {
		return defaultValue;
	}

	@Override
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public boolean required() {
		return required;
	}

	/** A CSV file under the input root that must have the given header columns. */
	public static ParameterSpec csvFile(String name, String defaultPath, String description, List<String> columns) {
		return new ParameterSpec(name, ParameterType.PATH, false, defaultPath, description, null, null, null, columns);
	}

	/** A string from a closed set. */
	public static ParameterSpec choice(String name, String defaultValue, String description, String... values) {
		return new ParameterSpec(name, ParameterType.STRING, false, defaultValue, description, List.of(values), null,
				null, null);
	}

	/** A folder under the input root. */
	public static ParameterSpec folder(String name, String defaultPath, String description) {
		return new ParameterSpec(name, ParameterType.FOLDER, false, defaultPath, description, null, null, null, null);
	}

	/** Free text; a null default means the parameter is absent unless given. */
	public static ParameterSpec text(String name, String defaultValue, String description) {
		return new ParameterSpec(name, ParameterType.STRING, false, defaultValue, description, null, null, null, null);
	}

	public static ParameterSpec integer(String name, Integer defaultValue, Integer min, Integer max,
			String description) {
		return new ParameterSpec(name, ParameterType.INTEGER, false, defaultValue, description, null, min, max, null);
	}

	public static ParameterSpec longValue(String name, Long defaultValue, String description) {
		return new ParameterSpec(name, ParameterType.LONG, false, defaultValue, description, null, null, null, null);
	}

	public static ParameterSpec number(String name, Double defaultValue, Double min, Double max,
			String description) {
		return new ParameterSpec(name, ParameterType.NUMBER, false, defaultValue, description, null, min, max, null);
	}

}
