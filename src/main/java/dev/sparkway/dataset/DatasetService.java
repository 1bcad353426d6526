package dev.sparkway.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;

/**
 * Stores uploaded CSV files under {@code <input-root>/uploads/} and lists the CSV files under the input root.
 * An upload goes to a temporary file beside its target (streamed by the servlet container, never whole in the
 * heap), is checked for a header, then renamed into place, so a dataset is never seen half-written.
 */
@Service
public class DatasetService {

	static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,100}");

	private static final Logger log = LoggerFactory.getLogger(DatasetService.class);

	private final InputFiles inputFiles;

	DatasetService(InputFiles inputFiles) {
		this.inputFiles = inputFiles;
	}

	public DatasetInfo upload(String name, MultipartFile file, boolean overwrite) {
		if (name == null || !NAME.matcher(name).matches()) {
			throw new InvalidDatasetException(
					"name must be 1 to 100 letters, digits, '-' or '_' (it becomes uploads/<name>.csv)");
		}
		if (file == null || file.isEmpty()) {
			throw new InvalidDatasetException("file is empty: upload a CSV file with a header row");
		}
		Path dir = inputFiles.root().resolve("uploads");
		Path target = dir.resolve(name + ".csv");
		String relative = "uploads/" + name + ".csv";
		if (!overwrite && Files.exists(target)) {
			throw new DatasetExistsException(relative);
		}
		Path partial = null;
		try {
			Files.createDirectories(dir);
			partial = Files.createTempFile(dir, "." + name + "-", ".partial");
			file.transferTo(partial);
			List<String> columns;
			try {
				columns = CsvHeaders.read(partial);
			}
			catch (InvalidInputPathException ex) {
				throw new InvalidDatasetException("file is not a CSV file with a header row: " + ex.getMessage()
					.replace(partial.getFileName().toString(), file.getOriginalFilename() == null ? "file"
							: file.getOriginalFilename()));
			}
			if (columns.stream().allMatch(String::isEmpty)) {
				throw new InvalidDatasetException("file has an empty header row");
			}
			if (overwrite) {
				Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			else {
				Files.move(partial, target);
			}
			partial = null;
			log.info("Stored dataset {} ({} bytes)", relative, Files.size(target));
			return new DatasetInfo(relative, Files.size(target), columns);
		}
		catch (FileAlreadyExistsException ex) {
			throw new DatasetExistsException(relative);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot store upload " + relative, ex);
		}
		finally {
			if (partial != null) {
				try {
					Files.deleteIfExists(partial);
				}
				catch (IOException ex) {
					log.warn("Could not remove temporary upload {}", partial);
				}
			}
		}
	}

	/** Every CSV file under the input root, by path. */
	public List<DatasetInfo> list() {
		Path root = inputFiles.root();
		if (!Files.isDirectory(root)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(root, 16)) {
			// A symbolic link could point outside the input root: never listed, never read.
			return files.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
				.filter(p -> !p.getFileName().toString().startsWith("."))
				.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
				.sorted(Comparator.naturalOrder())
				.map(this::describe)
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list " + root, ex);
		}
	}

	private DatasetInfo describe(Path file) {
		List<String> columns;
		try {
			columns = CsvHeaders.read(file);
		}
		catch (InvalidInputPathException ex) {
			columns = List.of();
		}
		long size;
		try {
			size = Files.size(file);
		}
		catch (IOException ex) {
			size = 0;
		}
		return new DatasetInfo(inputFiles.relativize(file), size, columns);
	}

}
