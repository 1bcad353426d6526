package dev.sparkway.job;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.sparkway.pipeline.PipelineOutput;
import dev.sparkway.spark.JobMetrics;
import dev.sparkway.spark.JobProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Reuse of identical work: a job submitted with {@code reuse: true} whose pipeline, effective parameters and
 * input identities match an earlier SUCCEEDED job (same {@link Job#reuseKey()}) takes that job's outputs instead
 * of running, and ends SUCCEEDED at once with {@code reusedJobId} set.
 * <p>
 * The outputs become the new job's own: every file is hard-linked into the new job's output folder (copied where
 * a link cannot be made, e.g. across file systems), so deleting either job, by request or by retention, leaves
 * the other's outputs whole. The newest match whose outputs are all still there is taken.
 */
@Component
class JobReuse {

	private static final Logger log = LoggerFactory.getLogger(JobReuse.class);

	/** Matches tried, newest first, before the job runs instead. */
	static final int CANDIDATES = 5;

	private final JobStore store;

	private final JobTransitions transitions;

	private final JobOutputs outputs;

	JobReuse(JobStore store, JobTransitions transitions, JobOutputs outputs) {
		this.store = store;
		this.transitions = transitions;
		this.outputs = outputs;
	}

	/**
	 * Records {@code job} (QUEUED, carrying its inputs and reuse key) as a reuse of the newest matching job:
	 * QUEUED, RUNNING and SUCCEEDED in turn, each through the store's transition checks. Empty when no earlier job
	 * matches; nothing is recorded then.
	 * @throws org.springframework.dao.DuplicateKeyException when the caller already used the idempotency key
	 */
	Optional<Job> reuse(Job job, IdempotencyKey key) {
		for (Job earlier : store.reusable(job.pipeline(), job.reuseKey(), CANDIDATES)) {
			Path target = outputs.dir(job.id());
			Optional<List<PipelineOutput>> linked = link(earlier, target, job.id());
			if (linked.isEmpty()) {
				continue;
			}
			// DELETE and retention remove a job's record before its files: if the record is still there now, every
			// file was still there while it was linked.
			if (store.find(earlier.id()).filter(found -> found.status() == JobStatus.SUCCEEDED).isEmpty()) {
				outputs.delete(job.id());
				continue;
			}
			return Optional.of(record(job.reusing(earlier.id()), key, earlier, linked.get()));
		}
		return Optional.empty();
	}

	private Job record(Job job, IdempotencyKey key, Job earlier, List<PipelineOutput> linked) {
		try {
			transitions.queued(job, key, Map.of("reuse", true));
		}
		catch (RuntimeException ex) {
			outputs.delete(job.id());
			throw ex;
		}
		Instant started = JobStore.now();
		Map<String, Object> reusing = Map.of("reusedJobId", earlier.id());
		// Nothing ran: no Spark work to show, and the earlier job's summary describes these outputs.
		boolean succeeded = transitions.started(job, started, reusing) && transitions.ended(job, JobStatus.RUNNING,
				started, JobEnding.of(JobStatus.SUCCEEDED, JobStore.now(), null)
					.withOutputs(linked, earlier.summary())
					.withFigures(JobProgress.NONE.completed(), JobMetrics.NONE),
				reusing);
		if (!succeeded) {
			// Cancelled in between: like any job that did not succeed, it keeps no outputs.
			outputs.delete(job.id());
		}
		return store.find(job.id()).orElseThrow(() -> new NoSuchJobException(job.id()));
	}

	/**
	 * Links every output of {@code earlier} under {@code target}; the outputs as the new job lists them, or empty
	 * (leaving nothing behind) when one of them is gone.
	 */
	private Optional<List<PipelineOutput>> link(Job earlier, Path target, String jobId) {
		List<PipelineOutput> linked = new ArrayList<>();
		try {
			for (PipelineOutput output : earlier.outputs()) {
				Path source = Path.of(URI.create(output.location()));
				Path copy = target.resolve(output.name());
				linkTree(source, copy);
				linked.add(new PipelineOutput(output.name(), copy.toUri().toString(), output.format(),
						output.rowCount(), output.schema()));
			}
			return Optional.of(linked);
		}
		catch (IOException | RuntimeException ex) {
			log.info("job={} cannot reuse job={}: {}", jobId, earlier.id(),
					ex instanceof NoSuchFileException ? "its output " + ex.getMessage() + " is gone" : ex.toString());
			outputs.delete(jobId);
			return Optional.empty();
		}
	}

	/** Recreates the folders of {@code source} under {@code target} and hard-links (else copies) its files. */
	private static void linkTree(Path source, Path target) throws IOException {
		if (!Files.isDirectory(source)) {
			throw new NoSuchFileException(source.toString());
		}
		Files.walkFileTree(source, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
				Files.createDirectories(target.resolve(source.relativize(dir).toString()));
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
				Path to = target.resolve(source.relativize(file).toString());
				try {
					Files.createLink(to, file);
				}
				catch (NoSuchFileException ex) {
					throw ex;
				}
				catch (UnsupportedOperationException | FileSystemException ex) {
					// No hard links here (another file system, or none at all): a copy is as good, only slower.
					Files.copy(file, to);
				}
				return FileVisitResult.CONTINUE;
			}
		});
	}

}
