package dev.sparkway.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import org.springframework.stereotype.Component;

/**
 * Resolves caller-given input paths under the input root. A path that is absolute, climbs out with
 * {@code ..}, or leads out through a symbolic link is refused before anything is read.
 */
@Component
public class InputFiles {

	private final Path root;

	InputFiles(StorageProperties storage) {
		this.root = storage.inputRoot();
	}

	public Path root() {
		return root;
	}

	/**
	 * The real location of an existing regular file under the input root.
	 * @throws InvalidInputPathException saying what is wrong, in words for the caller
	 */
	public Path existingFile(String relative) {
		Path real = existing(relative);
		if (!Files.isRegularFile(real)) {
			throw new InvalidInputPathException("'" + relative + "' is not a file");
		}
		if (!Files.isReadable(real)) {
			throw new InvalidInputPathException("'" + relative + "' is not readable by the server");
		}
		return real;
	}

	/**
	 * The real location of an existing folder under the input root.
	 * @throws InvalidInputPathException saying what is wrong, in words for the caller
	 */
	public Path existingFolder(String relative) {
		Path real = existing(relative);
		if (!Files.isDirectory(real)) {
			throw new InvalidInputPathException("'" + relative + "' is not a folder");
		}
		if (!Files.isReadable(real) || !Files.isExecutable(real)) {
			throw new InvalidInputPathException("'" + relative + "' is not readable by the server");
		}
		return real;
	}

	/** The real location of an existing path under the input root (links resolved, so none leads outside). */
	private Path existing(String relative) {
		Path candidate = resolve(relative);
		if (!Files.exists(candidate)) {
			throw new InvalidInputPathException("'" + relative + "' does not exist under the input root");
		}
		Path real;
		try {
			real = candidate.toRealPath();
			if (!real.startsWith(root.toRealPath())) {
				throw new InvalidInputPathException("'" + relative + "' leads outside the input root");
			}
		}
		catch (IOException ex) {
			throw new InvalidInputPathException("'" + relative + "' cannot be read: " + ex.getMessage());
		}
		return real;
	}

	/** The input root relative form of a file under it, with forward slashes. */
	public String relativize(Path file) {
		try {
			return root.toRealPath().relativize(file).toString().replace('\\', '/');
		}
		catch (IOException ex) {
			return root.relativize(file).toString().replace('\\', '/');
		}
	}

	private Path resolve(String relative) {
		if (relative == null || relative.isBlank()) {
			throw new InvalidInputPathException("the path is empty");
		}
		if (relative.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidInputPathException("the path contains control characters");
		}
		if (relative.startsWith("/") || relative.startsWith("\\") || relative.matches("^[A-Za-z]:.*")) {
			throw new InvalidInputPathException("'" + relative + "' is absolute; give a path relative to the input root");
		}
		Path path;
		try {
			path = root.resolve(relative).normalize();
		}
		catch (InvalidPathException ex) {
			throw new InvalidInputPathException("'" + relative + "' is not a valid path");
		}
		if (!path.startsWith(root) || path.equals(root)) {
			throw new InvalidInputPathException("'" + relative + "' leads outside the input root");
		}
		return path;
	}

}
