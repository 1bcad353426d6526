package dev.sparkway.job;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sparkway.dataset.FileIdentities;
import dev.sparkway.dataset.FileIdentity;
import dev.sparkway.dataset.InvalidInputPathException;
import dev.sparkway.pipeline.ParameterSpec;
import dev.sparkway.pipeline.ParameterType;
import dev.sparkway.pipeline.Pipeline;
import dev.sparkway.pipeline.PipelineParams;

import org.springframework.stereotype.Component;

/**
 * What a job's work is, for reuse: the identity of each input file it reads (path, size, modification time,
 * SHA-256, from {@link FileIdentities}) and one key over the pipeline, its effective parameters and those
 * identities. Two jobs with the same key compute the same outputs.
 * <p>
 * An input parameter enters the key by its file's identity, not by its spelling, so {@code demo/sales.csv} and
 * {@code ./demo/sales.csv} are the same work; every other parameter by its effective value (defaults filled in),
 * so leaving a parameter out and giving its default are the same work too.
 */
@Component
class InputIdentities {

	/** Keys sorted, so a key never depends on the order parameters were given or declared in. */
	private static final ObjectMapper CANONICAL = JsonMapper.builder()
		.enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
		.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
		.build();

	private final FileIdentities files;

	private final ObjectMapper json;

	InputIdentities(FileIdentities files, ObjectMapper json) {
		this.files = files;
		this.json = json;
	}

	/**
	 * Identifies the inputs the job will read, as they are now.
	 * @throws InvalidInputPathException when an input cannot be read (it went away since submission)
	 */
	Identified identify(Pipeline pipeline, PipelineParams params) {
		Map<String, Object> shown = new LinkedHashMap<>();
		Map<String, String> digests = new LinkedHashMap<>();
		Map<String, Object> otherParams = new LinkedHashMap<>(params.values());
		for (ParameterSpec spec : pipeline.parameters()) {
			Path path = params.inputs().get(spec.name());
			if (path == null) {
				continue; // not an input, or one the job does not read under these parameters
			}
			List<FileIdentity> identities = identities(spec, path, (String) params.values().get(spec.name()));
			shown.put(spec.name(), spec.type() == ParameterType.FOLDER ? convert(identities)
					: convert(identities.get(0)));
			digests.put(spec.name(), FileIdentity.digest(identities));
			otherParams.remove(spec.name());
		}
		Map<String, Object> work = new LinkedHashMap<>();
		work.put("pipeline", pipeline.name());
		work.put("params", otherParams);
		work.put("inputs", digests);
		return new Identified(shown, sha256(work));
	}

	private List<FileIdentity> identities(ParameterSpec spec, Path path, String given) {
		try {
			return spec.type() == ParameterType.FOLDER ? files.ofFolder(path) : List.of(files.of(path));
		}
		catch (UncheckedIOException ex) {
			throw new InvalidInputPathException("'" + given + "' cannot be read: " + ex.getCause().getMessage());
		}
	}

	private Object convert(Object identity) {
		return json.convertValue(identity, Object.class);
	}

	private static String sha256(Map<String, Object> work) {
		try {
			byte[] canonical = CANONICAL.writeValueAsString(work).getBytes(StandardCharsets.UTF_8);
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
		}
		catch (JsonProcessingException | NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Cannot compute a reuse key", ex);
		}
	}

	/**
	 * A job's inputs as identified.
	 *
	 * @param inputs per input parameter, its file's identity (a folder: the identities of its files), as JSON
	 * values for the job record
	 * @param reuseKey SHA-256 over the pipeline, the other effective parameters and the inputs' identities
	 */
	record Identified(Map<String, Object> inputs, String reuseKey) {

		Identified {
			inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
		}

	}

}
