package dev.sparkway.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Where the next page of an output's rows starts: after the row whose natural-order key is {@code after}, skipping
 * the first {@code skip} rows with exactly that key (rows equal in every key column, already returned).
 * <p>
 * A position by key, not by row number: the next page is found by a filter Spark pushes down to Parquet, so it
 * never counts its way through the rows before it, and a streaming output replaced between two pages still pages
 * forward without repeating a row. The client sees only an opaque URL-safe string.
 *
 * @param scope which output and filters the cursor belongs to (a cursor of another query is refused)
 * @param after the last returned row's key values, as text ({@link OutputTable#text})
 * @param skip rows with exactly that key already returned
 * @param totalRows the matching rows, carried along once the output can no longer change; else null
 */
record RowCursor(String scope, List<String> after, long skip, Long totalRows) {

	private static final ObjectMapper JSON = new ObjectMapper()
		.setSerializationInclusion(JsonInclude.Include.NON_NULL)
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

	String encode() {
		try {
			return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(this));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** @throws IllegalArgumentException if {@code text} is not a cursor this server wrote */
	static RowCursor decode(String text) {
		RowCursor cursor;
		try {
			cursor = JSON.readValue(Base64.getUrlDecoder().decode(text), RowCursor.class);
		}
		catch (IOException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("not a cursor this server wrote; pass nextCursor exactly as received");
		}
		if (cursor == null || cursor.scope() == null || cursor.after() == null || cursor.skip() < 0) {
			throw new IllegalArgumentException("not a cursor this server wrote; pass nextCursor exactly as received");
		}
		return cursor;
	}

	/** Identifies one query's rows: the job, the output and the filters (projection and page size may change). */
	static String scope(String jobId, String output, Map<String, List<String>> filters) {
		StringBuilder text = new StringBuilder(jobId).append('\n').append(output);
		new TreeMap<>(filters).forEach((column, values) -> values.stream()
			.sorted()
			.forEach(value -> text.append('\n').append(column).append('=').append(value)));
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
