package dev.sparkway.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.sparkway.spark.JobProgressListener;
import dev.sparkway.spark.SparkJobScope;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * Keeps the typed rows of parsed CSV files as Parquet, so that the next job on the same unchanged file reads them
 * instead of parsing the CSV again. The rows are kept with their {@link CsvReader#REJECT_REASON}, so every count a
 * pipeline takes (input rows, rejected rows, the first bad row) is the same from the cache as from the CSV.
 * <p>
 * An entry is keyed by the file's {@link FileIdentity} (path, size, modification time, content hash) and the columns
 * read: a file changed in any way, or uploaded again, has another key and is parsed anew. An entry is written to a
 * temporary folder and renamed into place, so a reader only ever sees complete entries; jobs on the same file in
 * this server wait for one parse instead of each doing it. Entries survive restarts (the last use is the
 * modification time of the entry's {@value #ENTRY_FILE}); unfinished temporary folders are removed at start.
 * <p>
 * Past {@link CsvCacheProperties#maxSize()} the least recently used entries are removed, except those read by a job
 * still running (its Parquet files must stay until it ends): the bound may be exceeded while such jobs run, and is
 * restored at the next insertion. An entry superseded by a newer version of the same file is removed at once when
 * unused. The folder belongs to one server; two servers must not share it.
 */
@Component
public class CsvParseCache {

	/** Describes an entry; Spark's file sources skip names starting with {@code _}. */
	static final String ENTRY_FILE = "_sparkway-entry.properties";

	/** Changes whenever what an entry holds changes, so older entries are never read as current ones. */
	static final String FORMAT = "sparkway-csv-cache-1";

	private static final String TEMPORARY_PREFIX = ".tmp-";

	private static final Logger log = LoggerFactory.getLogger(CsvParseCache.class);

	private final boolean enabled;

	private final long maxBytes;

	private final Path folder;

	/** Whether a Sparkway job (a Spark job group) is still running. */
	private final Predicate<String> running;

	private final Map<String, Entry> entries = new HashMap<>();

	/** Job groups that read each entry. */
	private final Map<String, Set<String>> readers = new HashMap<>();

	private final Map<String, ReentrantLock> parses = new ConcurrentHashMap<>();

	@Autowired
	CsvParseCache(CsvCacheProperties properties, StorageProperties storage, JobProgressListener jobs) {
		this(properties.enabled(), properties.maxSize().toBytes(), properties.folder(storage),
				jobId -> jobs.progress(jobId).isPresent());
	}

	CsvParseCache(boolean enabled, long maxBytes, Path folder, Predicate<String> running) {
		this.enabled = enabled;
		this.maxBytes = maxBytes;
		this.folder = folder;
		this.running = running;
		if (enabled) {
			load();
		}
	}

	public boolean enabled() {
		return enabled;
	}

	/**
	 * The typed rows of the file: from its entry when there is one, else parsed once by {@code parse}, kept, and
	 * read from the new entry. Reading an entry from a job's thread keeps it from eviction until the job ends.
	 * @param schema the schema of what {@code parse} returns
	 * @param recordsSpanLines whether records of the file span lines, kept with the entry
	 */
	Dataset<Row> read(SparkSession session, FileIdentity identity, List<CsvColumn> columns, StructType schema,
			Supplier<Dataset<Row>> parse, BooleanSupplier recordsSpanLines) throws InterruptedException {
		String key = key(identity, columns);
		String jobGroup = SparkJobScope.currentJob(session.sparkContext());
		Path entry = use(key, jobGroup);
		if (entry == null) {
			ReentrantLock lock = parses.computeIfAbsent(key, k -> new ReentrantLock());
			lock.lockInterruptibly();
			try {
				entry = use(key, jobGroup);
				if (entry == null) {
					Path written = write(key, identity, columns, parse.get(), recordsSpanLines.getAsBoolean());
					if (written == null) {
						return parse.get();
					}
					entry = add(key, identity, columns, written, jobGroup);
				}
			}
			finally {
				lock.unlock();
				if (!lock.hasQueuedThreads()) {
					// At worst a job that took this lock just now parses the file a second time.
					parses.remove(key, lock);
				}
			}
		}
		return session.read().schema(schema).parquet(entry.toUri().toString());
	}

	/** The entry's folder, marked as used now and by the job group; null when there is none. */
	private synchronized Path use(String key, String jobGroup) {
		Entry entry = entries.get(key);
		if (entry == null) {
			return null;
		}
		if (jobGroup != null) {
			readers.computeIfAbsent(key, k -> new HashSet<>()).add(jobGroup);
		}
		Instant now = Instant.now();
		try {
			Files.setLastModifiedTime(entry.folder().resolve(ENTRY_FILE), FileTime.from(now));
		}
		catch (IOException ex) {
			log.warn("Could not record the use of CSV cache entry {}: {}", entry.folder(), ex.toString());
		}
		entries.put(key, entry.usedAt(now));
		return entry.folder();
	}

	/** Writes the parsed rows to a temporary folder; null (nothing kept) when they alone exceed the bound. */
	private Path write(String key, FileIdentity identity, List<CsvColumn> columns, Dataset<Row> parsed,
			boolean recordsSpanLines) {
		Path temporary = folder.resolve(TEMPORARY_PREFIX + key + "-" + UUID.randomUUID());
		boolean kept = false;
		try {
			parsed.write().mode(SaveMode.ErrorIfExists).parquet(temporary.toUri().toString());
			long bytes = DiskUsage.bytes(temporary);
			if (bytes > maxBytes) {
				log.info("Parsed rows of '{}' take {} bytes, more than the CSV cache's bound of {}: not kept",
						identity.path(), bytes, maxBytes);
				return null;
			}
			Properties description = new Properties();
			description.setProperty("format", FORMAT);
			description.setProperty("path", identity.path());
			description.setProperty("size", Long.toString(identity.size()));
			description.setProperty("modified", identity.modified().toString());
			description.setProperty("sha256", identity.sha256());
			description.setProperty("columns", describe(columns));
			description.setProperty("bytes", Long.toString(bytes));
			description.setProperty("recordsSpanLines", Boolean.toString(recordsSpanLines));
			try (OutputStream out = Files.newOutputStream(temporary.resolve(ENTRY_FILE))) {
				description.store(out, "Sparkway CSV parse cache entry");
			}
			kept = true;
			return temporary;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not keep the parsed rows of '" + identity.path() + "'", ex);
		}
		finally {
			if (!kept) {
				delete(temporary);
			}
		}
	}

	/** Renames a written entry into place, records it, and evicts what the bound requires. */
	private Path add(String key, FileIdentity identity, List<CsvColumn> columns, Path written, String jobGroup) {
		Path target = folder.resolve(key);
		try {
			Files.move(written, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (FileAlreadyExistsException | DirectoryNotEmptyException ex) {
			// Left by an earlier run whose start-up scan this entry missed: complete, since only renames create it.
			delete(written);
		}
		catch (AtomicMoveNotSupportedException ex) {
			delete(written);
			throw new IllegalStateException("The CSV cache folder " + folder + " does not support atomic renames", ex);
		}
		catch (IOException ex) {
			delete(written);
			throw new UncheckedIOException("Could not keep the parsed rows of '" + identity.path() + "'", ex);
		}
		Entry entry = Entry.read(target);
		synchronized (this) {
			entries.put(key, entry);
			if (jobGroup != null) {
				readers.computeIfAbsent(key, k -> new HashSet<>()).add(jobGroup);
			}
			List<Entry> superseded = entries.values()
				.stream()
				.filter(other -> !other.key().equals(key) && other.path().equals(entry.path())
						&& other.columns().equals(entry.columns()))
				.toList();
			superseded.stream().filter(other -> !inUse(other.key())).forEach(this::remove);
			evict();
		}
		return target;
	}

	/** Removes least recently used entries not in use until the total is within the bound. */
	private synchronized void evict() {
		long total = entries.values().stream().mapToLong(Entry::bytes).sum();
		List<Entry> byLastUse = entries.values().stream().sorted(Comparator.comparing(Entry::lastUsed)).toList();
		for (Entry entry : byLastUse) {
			if (total <= maxBytes) {
				return;
			}
			if (!inUse(entry.key())) {
				remove(entry);
				total -= entry.bytes();
			}
		}
	}

	private synchronized boolean inUse(String key) {
		Set<String> groups = readers.get(key);
		if (groups == null) {
			return false;
		}
		groups.removeIf(running.negate());
		if (groups.isEmpty()) {
			readers.remove(key);
			return false;
		}
		return true;
	}

	private synchronized void remove(Entry entry) {
		entries.remove(entry.key());
		readers.remove(entry.key());
		delete(entry.folder());
		log.debug("Removed CSV cache entry {} of '{}'", entry.key(), entry.path());
	}

	/** Whether a dataset is read from an entry of a parse cache (its files are in an entry's folder). */
	static boolean isEntry(Dataset<Row> data) {
		Path file = firstFile(data);
		return file != null && Files.isRegularFile(file.resolveSibling(ENTRY_FILE));
	}

	/** Whether the records of the file an entry was parsed from span lines. */
	static boolean recordsSpanLines(Dataset<Row> entry) {
		Properties description = new Properties();
		try (InputStream in = Files.newInputStream(firstFile(entry).resolveSibling(ENTRY_FILE))) {
			description.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return Boolean.parseBoolean(description.getProperty("recordsSpanLines"));
	}

	/** The first local file a dataset reads, or null. */
	static Path firstFile(Dataset<Row> data) {
		String[] files = data.inputFiles();
		if (files.length == 0) {
			return null;
		}
		try {
			return Path.of(URI.create(files[0]));
		}
		catch (IllegalArgumentException | FileSystemNotFoundException ex) {
			return null;
		}
	}

	/** The total size of the entries now kept, for tests and figures. */
	synchronized long bytes() {
		return entries.values().stream().mapToLong(Entry::bytes).sum();
	}

	/** The keys of the entries now kept. */
	synchronized Set<String> keys() {
		return Set.copyOf(entries.keySet());
	}

	/** Reads the entries left by earlier runs; drops unfinished and unreadable ones; restores the bound. */
	private void load() {
		try {
			Files.createDirectories(folder);
			List<Path> children;
			try (Stream<Path> listing = Files.list(folder)) {
				children = listing.toList();
			}
			for (Path child : children) {
				String name = child.getFileName().toString();
				Entry entry = name.startsWith(TEMPORARY_PREFIX) ? null : Entry.readIfComplete(child);
				if (entry == null) {
					delete(child);
				}
				else {
					entries.put(entry.key(), entry);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The CSV cache folder " + folder + " cannot be used", ex);
		}
		evict();
	}

	static String key(FileIdentity identity, List<CsvColumn> columns) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update((FORMAT + "\n" + identity.digest() + "\n" + describe(columns)).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime has SHA-256", ex);
		}
	}

	private static String describe(List<CsvColumn> columns) {
		return columns.stream().map(c -> c.name() + ":" + c.type()).collect(Collectors.joining(","));
	}

	private static void delete(Path tree) {
		try {
			FileSystemUtils.deleteRecursively(tree);
		}
		catch (IOException ex) {
			log.warn("Could not remove {} from the CSV cache: {}", tree, ex.toString());
		}
	}

	/** A kept entry: its folder, what it was parsed from, its size and its last use. */
	private record Entry(String key, Path folder, String path, String columns, long bytes, Instant lastUsed) {

		Entry usedAt(Instant when) {
			return new Entry(key, folder, path, columns, bytes, when);
		}

		static Entry read(Path folder) {
			Entry entry = readIfComplete(folder);
			if (entry == null) {
				throw new IllegalStateException("CSV cache entry " + folder + " is incomplete");
			}
			return entry;
		}

		/** The entry in the folder, or null when it is not a complete entry of the current format. */
		static Entry readIfComplete(Path folder) {
			Path file = folder.resolve(ENTRY_FILE);
			try {
				if (!Files.isRegularFile(file)) {
					return null;
				}
				Properties description = new Properties();
				try (InputStream in = Files.newInputStream(file)) {
					description.load(in);
				}
				if (!FORMAT.equals(description.getProperty("format"))) {
					return null;
				}
				BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
				return new Entry(folder.getFileName().toString(), folder, description.getProperty("path"),
						description.getProperty("columns"), Long.parseLong(description.getProperty("bytes")),
						attributes.lastModifiedTime().toInstant());
			}
			catch (IOException | RuntimeException ex) {
				return null;
			}
		}

	}

}
