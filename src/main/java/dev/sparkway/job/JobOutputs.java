package dev.sparkway.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.sparkway.dataset.StorageProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * Where a job's outputs go ({@code <output-root>/<jobId>/}) and the one way they are removed.
 */
@Component
public class JobOutputs {

	private static final Logger log = LoggerFactory.getLogger(JobOutputs.class);

	private final Path root;

	JobOutputs(StorageProperties storage) {
		this.root = storage.outputRoot();
	}

	/** The job's output folder. */
	Path dir(String jobId) {
		return root.resolve(jobId);
	}

	/** Removes everything a job wrote. */
	void delete(String jobId) {
		Path dir = root.resolve(jobId).normalize();
		if (!dir.startsWith(root) || dir.equals(root) || !Files.exists(dir)) {
			return;
		}
		try {
			FileSystemUtils.deleteRecursively(dir);
		}
		catch (IOException ex) {
			log.warn("Could not remove partial output {}: {}", dir, ex.getMessage());
		}
	}

}
