package dev.sparkway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Finds the configured key a request presents: the key's SHA-256 compared with every configured hash in constant
 * time. One matcher for the API ({@link ApiKeyAuthenticationFilter}) and the Spark UI
 * ({@link SparkUiAuthenticationFilter}), so both accept the same keys the same way.
 */
public final class ApiKeyMatcher {

	static final String API_KEY_HEADER = "X-API-Key";

	static final String AUTHORIZATION = "Authorization";

	private final List<Known> keys;

	public ApiKeyMatcher(List<SecurityProperties.ApiKey> keys) {
		this.keys = keys.stream().map(k -> new Known(HexFormat.of().parseHex(k.sha256().toLowerCase()), k)).toList();
	}

	/** The configured key whose hash matches {@code presented}, if any. */
	public Optional<SecurityProperties.ApiKey> match(String presented) {
		byte[] hash = sha256(presented);
		SecurityProperties.ApiKey found = null;
		for (Known known : keys) {
			// Look at every key, so the time taken does not tell how far a guess got.
			if (MessageDigest.isEqual(known.hash(), hash)) {
				found = known.key();
			}
		}
		return Optional.ofNullable(found);
	}

	/**
	 * The key a request presents in {@code X-API-Key} or {@code Authorization: Bearer}, or null.
	 * @param header the request's header by name
	 */
	static String presentedKey(UnaryOperator<String> header) {
		String apiKey = header.apply(API_KEY_HEADER);
		if (apiKey != null && !apiKey.isBlank()) {
			return apiKey.strip();
		}
		String authorization = header.apply(AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return authorization.substring(7).strip();
		}
		return null;
	}

	/**
	 * As {@link #presentedKey(UnaryOperator)}, and also the password of {@code Authorization: Basic} (any user
	 * name), which is how a browser signs in.
	 */
	static String presentedKeyOrBasicPassword(UnaryOperator<String> header) {
		String key = presentedKey(header);
		if (key != null) {
			return key;
		}
		String authorization = header.apply(AUTHORIZATION);
		if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			return null;
		}
		try {
			String credentials = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
					StandardCharsets.UTF_8);
			int colon = credentials.indexOf(':');
			return colon < 0 || colon == credentials.length() - 1 ? null : credentials.substring(colon + 1);
		}
		catch (IllegalArgumentException notBase64) {
			return null;
		}
	}

	static byte[] sha256(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Known(byte[] hash, SecurityProperties.ApiKey key) {
	}

}
