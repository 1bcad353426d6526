package dev.sparkway.pipeline.sentiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import dev.sparkway.pipeline.OutputSpec;
import dev.sparkway.pipeline.PipelineContext;
import dev.sparkway.pipeline.PipelineOutput;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import org.springframework.util.FileSystemUtils;

import static org.apache.spark.sql.functions.col;

/**
 * The {@code window_counts} output, kept current after every micro-batch with update-mode semantics: each batch's
 * updated (window, sentiment) counts replace those rows of the table, every other row stays.
 * <p>
 * Each version of the table is a complete Parquet snapshot in a folder of its own under
 * {@code window_counts.snapshots/}; {@code window_counts} is a symbolic link to the current one, replaced by an
 * atomic rename, so a reader (a preview) sees one whole version or the next, never a half-written one. Superseded
 * snapshots are removed once no preview can still be reading them.
 */
final class WindowCountsTable {

	static final String NAME = "window_counts";

	static final StructType SCHEMA = new StructType().add("WindowStart", DataTypes.TimestampType)
		.add("WindowEnd", DataTypes.TimestampType)
		.add("Sentiment", DataTypes.StringType)
		.add("Count", DataTypes.LongType);

	/** Previews read a small table in well under a second; a superseded snapshot is kept this long for them. */
	private static final Duration KEEP_SUPERSEDED = Duration.ofSeconds(30);

	private final PipelineContext context;

	private final Path link;

	private final Path snapshots;

	private final Deque<Superseded> superseded = new ArrayDeque<>();

	private Path current;

	private int versions;

	private volatile PipelineOutput output;

	WindowCountsTable(PipelineContext context) {
		this.context = context;
		this.link = context.outputPath(NAME);
		this.snapshots = context.outputPath(NAME + ".snapshots");
	}

	/** Writes the empty first version, so the output is readable before the first micro-batch completes. */
	void create() {
		SparkSession spark = context.session();
		publish(write(spark.createDataFrame(List.<Row>of(), SCHEMA), "empty"), spark);
	}

	/** Applies one micro-batch of updated counts (columns {@code window, sentiment, count}). */
	void merge(Dataset<Row> batch, long batchId) {
		// Read twice below (the count and the merge): computed once, so the stateful step and the observed input
		// metrics run once per batch.
		batch.persist();
		try {
			if (batch.count() == 0) {
				return;
			}
			SparkSession spark = batch.sparkSession();
			Dataset<Row> updates = batch.select(col("window.start").as("WindowStart"),
					col("window.end").as("WindowEnd"), col("sentiment").as("Sentiment"), col("count").as("Count"));
			Dataset<Row> previous = spark.read().schema(SCHEMA).parquet(current.toUri().toString()).as("previous");
			Dataset<Row> updated = updates.select(col("WindowStart"), col("Sentiment")).as("updated");
			Column sameKey = col("previous.WindowStart").equalTo(col("updated.WindowStart"))
				.and(col("previous.Sentiment").equalTo(col("updated.Sentiment")));
			Dataset<Row> merged = previous.join(updated, sameKey, "left_anti").unionByName(updates);
			publish(write(merged, "batch-" + batchId), spark);
		}
		finally {
			batch.unpersist();
		}
	}

	/** The table as of the last completed micro-batch. */
	PipelineOutput output() {
		return output;
	}

	/** Once the query has terminated: removes every superseded snapshot. */
	void close() {
		while (!superseded.isEmpty()) {
			delete(superseded.removeFirst().dir());
		}
	}

	private Path write(Dataset<Row> table, String label) {
		Path dir = snapshots.resolve(String.format("%06d-%s", ++versions, label));
		// One small file per version: the table has a row per window and sentiment.
		table.coalesce(1).write().mode(SaveMode.ErrorIfExists).parquet(dir.toUri().toString());
		return dir;
	}

	private void publish(Path dir, SparkSession spark) {
		long rows = spark.read().schema(SCHEMA).parquet(dir.toUri().toString()).count();
		try {
			Path next = link.resolveSibling("." + NAME + ".next");
			Files.deleteIfExists(next);
			Files.createSymbolicLink(next, link.getParent().relativize(dir));
			Files.move(next, link, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot publish " + dir, ex);
		}
		if (current != null) {
			superseded.addLast(new Superseded(current, System.nanoTime()));
		}
		current = dir;
		output = new PipelineOutput(NAME, link.toUri().toString(), OutputSpec.PARQUET, rows,
				PipelineContext.fields(SCHEMA));
		// The snapshot replaced last stays: a preview may have resolved the link just before the switch.
		while (superseded.size() > 1
				&& System.nanoTime() - superseded.peekFirst().at() > KEEP_SUPERSEDED.toNanos()) {
			delete(superseded.removeFirst().dir());
		}
	}

	private static void delete(Path dir) {
		try {
			FileSystemUtils.deleteRecursively(dir);
		}
		catch (IOException ex) {
			// Left for the job's deletion or retention; nothing reads it any more.
		}
	}

	private record Superseded(Path dir, long at) {
	}

}
