package dev.sparkway.dataset;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What makes an input file the same file: its canonical path, its size, its modification time and the SHA-256 of
 * its content. Two identities are equal only when all four are; a file rewritten in place, even with the same
 * size and its modification time set back, has another content hash. Computed by {@link FileIdentities}.
 *
 * @param path the canonical (real) path of the file
 * @param size its size in bytes
 * @param modified its last modification time
 * @param sha256 the SHA-256 of its content, in lower-case hex
 */
public record FileIdentity(String path, long size, Instant modified, String sha256) {

	public FileIdentity {
		Objects.requireNonNull(path, "path");
		Objects.requireNonNull(modified, "modified");
		Objects.requireNonNull(sha256, "sha256");
	}

	/**
	 * One SHA-256 (lower-case hex) standing for all the given identities in the given order: equal for equal lists,
	 * different when any path, size, modification time or content differs. Fit for a cache or database key.
	 */
	public static String digest(List<FileIdentity> identities) {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime has SHA-256", ex);
		}
		for (FileIdentity identity : identities) {
			// Length-prefixed fields, so no two different lists produce the same byte sequence.
			for (String field : List.of(identity.path, Long.toString(identity.size), identity.modified.toString(),
					identity.sha256)) {
				byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
				digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
				digest.update((byte) ':');
				digest.update(bytes);
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	/** The {@link #digest} of this identity alone. */
	public String digest() {
		return digest(List.of(this));
	}

}
