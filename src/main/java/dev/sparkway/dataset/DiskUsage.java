package dev.sparkway.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** How many bytes a file, or all the regular files under a folder, take. */
public final class DiskUsage {

	private DiskUsage() {
	}

	/** A file's size, or the total size of the regular files under a folder (links not followed). */
	public static long bytes(Path path) throws IOException {
		if (!Files.isDirectory(path)) {
			return Files.size(path);
		}
		try (Stream<Path> files = Files.walk(path)) {
			return files.filter(Files::isRegularFile).mapToLong(file -> {
				try {
					return Files.size(file);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}).sum();
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
	}

}
