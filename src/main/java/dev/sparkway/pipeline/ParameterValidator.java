package dev.sparkway.pipeline;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.sparkway.dataset.CsvHeaders;
import dev.sparkway.dataset.InputFiles;
import dev.sparkway.dataset.InvalidInputPathException;

import org.springframework.stereotype.Component;

/**
 * Checks a submission's parameters against a pipeline's declared ones before anything is queued: names, JSON
 * types, ranges and allowed values, and for input files that they exist under the input root and have the needed
 * header columns. Every problem is reported, not just the first.
 */
@Component
public class ParameterValidator {

	private final InputFiles inputFiles;

	ParameterValidator(InputFiles inputFiles) {
		this.inputFiles = inputFiles;
	}

	/** @throws InvalidParametersException listing every problem */
	public PipelineParams validate(Pipeline pipeline, Map<String, Object> given) {
		Map<String, Object> params = given == null ? Map.of() : given;
		List<ParameterError> errors = new ArrayList<>();
		Map<String, ParameterSpec> specs = new LinkedHashMap<>();
		pipeline.parameters().forEach(spec -> specs.put(spec.name(), spec));
		for (String name : params.keySet()) {
			if (!specs.containsKey(name)) {
				errors.add(new ParameterError(field(name), "unknown parameter of pipeline '" + pipeline.name()
						+ "'; its parameters are: " + String.join(", ", specs.keySet())));
			}
		}
		Map<String, Object> values = new LinkedHashMap<>();
		Map<String, Path> paths = new HashMap<>();
		for (ParameterSpec spec : specs.values()) {
			Object value = params.get(spec.name());
			if (value == null) {
				if (spec.required()) {
					errors.add(new ParameterError(field(spec.name()), "is required"));
				}
				value = spec.defaultValue();
			}
			else {
				String problem = typeProblem(spec, value);
				if (problem != null) {
					errors.add(new ParameterError(field(spec.name()), problem));
					continue;
				}
				value = normalize(spec, value);
			}
			if (value == null) {
				values.put(spec.name(), null);
				continue;
			}
			String problem = rangeProblem(spec, value);
			if (problem != null) {
				errors.add(new ParameterError(field(spec.name()), problem));
				continue;
			}
			if ((spec.type() == ParameterType.PATH || spec.type() == ParameterType.FOLDER)
					&& pipeline.uses(spec.name(), values)) {
				try {
					paths.put(spec.name(), spec.type() == ParameterType.FOLDER
							? inputFiles.existingFolder((String) value) : checkedFile(spec, (String) value));
				}
				catch (InvalidInputPathException ex) {
					errors.add(new ParameterError(field(spec.name()), ex.getMessage()));
					continue;
				}
			}
			values.put(spec.name(), value);
		}
		errors.addAll(pipeline.check(values));
		if (!errors.isEmpty()) {
			throw new InvalidParametersException(errors);
		}
		return new PipelineParams(values, paths);
	}

	private Path checkedFile(ParameterSpec spec, String relative) {
		Path file = inputFiles.existingFile(relative);
		if (!spec.requiredColumns().isEmpty()) {
			List<String> header = CsvHeaders.read(file);
			List<String> missing = spec.requiredColumns().stream().filter(c -> !header.contains(c)).toList();
			if (!missing.isEmpty()) {
				throw new InvalidInputPathException("'" + relative + "' lacks required columns: "
						+ String.join(", ", missing) + " (its header has: " + String.join(", ", header) + ")");
			}
			List<String> duplicated = header.stream()
				.filter(c -> spec.requiredColumns().contains(c))
				.collect(Collectors.groupingBy(c -> c, Collectors.counting()))
				.entrySet()
				.stream()
				.filter(e -> e.getValue() > 1)
				.map(Map.Entry::getKey)
				.toList();
			if (!duplicated.isEmpty()) {
				throw new InvalidInputPathException(
						"'" + relative + "' has more than one column named: " + String.join(", ", duplicated));
			}
		}
		return file;
	}

	private static String field(String name) {
		return "params." + name;
	}

	private static String typeProblem(ParameterSpec spec, Object value) {
		return switch (spec.type()) {
			case STRING, PATH, FOLDER -> value instanceof String ? null : "must be a string";
			case BOOLEAN -> value instanceof Boolean ? null : "must be true or false";
			case NUMBER -> value instanceof Number ? null : "must be a number";
			case INTEGER -> isWhole(value) && fits(value, Integer.MIN_VALUE, Integer.MAX_VALUE) ? null
					: "must be a whole number (32-bit)";
			case LONG -> isWhole(value) && fits(value, Long.MIN_VALUE, Long.MAX_VALUE) ? null
					: "must be a whole number (64-bit)";
		};
	}

	private static boolean isWhole(Object value) {
		return value instanceof Integer || value instanceof Long || value instanceof Short
				|| value instanceof BigInteger;
	}

	private static boolean fits(Object value, long min, long max) {
		BigInteger v = value instanceof BigInteger b ? b : BigInteger.valueOf(((Number) value).longValue());
		return v.compareTo(BigInteger.valueOf(min)) >= 0 && v.compareTo(BigInteger.valueOf(max)) <= 0;
	}

	private static Object normalize(ParameterSpec spec, Object value) {
		return switch (spec.type()) {
			case INTEGER -> ((Number) value).intValue();
			case LONG -> ((Number) value).longValue();
			case NUMBER -> ((Number) value).doubleValue();
			default -> value;
		};
	}

	private static String rangeProblem(ParameterSpec spec, Object value) {
		if (!spec.allowedValues().isEmpty() && !spec.allowedValues().contains(value)) {
			return "must be one of: " + String.join(", ", spec.allowedValues());
		}
		if (value instanceof Number number) {
			double v = number.doubleValue();
			if (Double.isNaN(v) || Double.isInfinite(v)) {
				return "must be a finite number";
			}
			if (spec.minimum() != null && v < spec.minimum().doubleValue()) {
				return "must be at least " + spec.minimum();
			}
			if (spec.maximum() != null && v > spec.maximum().doubleValue()) {
				return "must be at most " + spec.maximum();
			}
		}
		return null;
	}

}
