package dev.sparkway.pipeline;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * JSON type of a pipeline parameter. {@link #PATH} is a string naming a file under the input root, {@link #FOLDER}
 * one naming a folder under it.
 */
public enum ParameterType {

	STRING("string"), INTEGER("integer"), LONG("long"), NUMBER("number"), BOOLEAN("boolean"), PATH("path"),
	FOLDER("folder");

	private final String json;

	ParameterType(String json) {
		this.json = json;
	}

	@JsonValue
	public String json() {
		return json;
	}

}
