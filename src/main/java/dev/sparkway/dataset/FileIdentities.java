package dev.sparkway.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Computes {@link FileIdentity file identities}, hashing a file's content only when it may have changed.
 * <p>
 * Hashing is the cost (about 0.1 ms per MB here, see docs/pipelines.md), so the hash of a file is remembered under
 * what the file system says about it: path, size, modification time, file key (device and inode) and <em>status
 * change time</em> (ctime). A writer can set the modification time back, but not the ctime: every write, rename
 * onto the path or {@code touch -d} moves it to "now". Two cases are never remembered and always hashed again:
 * a file whose ctime or modification time is within {@link #RACY_WINDOW} of the moment it was hashed (the file
 * system's clock ticks coarsely, so a second write in the same tick would leave every attribute as it was; git's
 * "racily clean" rule), and a file system that reports no ctime.
 */
@Component
public class FileIdentities {

	/** Hashes remembered at most; the least recently used goes first. A few hundred bytes each. */
	static final int MAX_REMEMBERED = 4096;

	/** Timestamps this close to the hashing moment may hide a later write in the same clock tick. */
	static final Duration RACY_WINDOW = Duration.ofSeconds(2);

	private static final int BUFFER_BYTES = 1 << 20;

	private final Clock clock;

	private final AtomicLong hashed = new AtomicLong();

	private final Map<Stat, String> hashes = new LinkedHashMap<>(64, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<Stat, String> eldest) {
			return size() > MAX_REMEMBERED;
		}
	};

	@Autowired
	FileIdentities() {
		this(Clock.systemUTC());
	}

	FileIdentities(Clock clock) {
		this.clock = clock;
	}

	/**
	 * The identity of a regular file.
	 * @throws UncheckedIOException when it cannot be read, or kept changing while it was hashed
	 */
	public FileIdentity of(Path file) {
		try {
			Path real = file.toRealPath();
			for (int attempt = 0; attempt < 3; attempt++) {
				Stat before = Stat.of(real);
				String remembered = remembered(before);
				if (remembered != null) {
					return before.identity(remembered);
				}
				long started = clock.millis();
				String sha256 = sha256(real);
				hashed.incrementAndGet();
				Stat after = Stat.of(real);
				if (after.equals(before)) {
					remember(after, sha256, started);
					return after.identity(sha256);
				}
			}
			throw new IOException("it kept changing while it was read");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("'" + file.getFileName() + "' cannot be identified: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The identities of the files a folder input consists of, sorted by path: its regular files (not those in
	 * sub-folders), leaving out names starting with {@code .} or {@code _}, which Spark's file sources skip too.
	 * An empty folder has an empty list.
	 */
	public List<FileIdentity> ofFolder(Path folder) {
		List<Path> files;
		try (Stream<Path> listing = Files.list(folder.toRealPath())) {
			files = listing.filter(Files::isRegularFile)
				.filter(path -> !path.getFileName().toString().startsWith("."))
				.filter(path -> !path.getFileName().toString().startsWith("_"))
				.sorted(Comparator.comparing(Path::toString))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("'" + folder.getFileName() + "' cannot be listed: " + ex.getMessage(), ex);
		}
		return files.stream().map(this::of).toList();
	}

	/** How many times a file's content was hashed, for tests. */
	long hashed() {
		return hashed.get();
	}

	private synchronized String remembered(Stat stat) {
		return stat.changed() == null ? null : hashes.get(stat);
	}

	private synchronized void remember(Stat stat, String sha256, long hashedAtMillis) {
		long settled = hashedAtMillis - RACY_WINDOW.toMillis();
		if (stat.changed() != null && stat.changed().toMillis() < settled && stat.modified().toMillis() < settled) {
			hashes.put(stat, sha256);
		}
	}

	private static String sha256(Path file) throws IOException {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime has SHA-256", ex);
		}
		// A FileChannel stops with ClosedByInterruptException when the job's thread is interrupted (cancel).
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
			while (channel.read(buffer) >= 0) {
				buffer.flip();
				digest.update(buffer);
				buffer.clear();
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	/** What the file system says about a file; equal stats of a settled file mean equal content. */
	private record Stat(String path, long size, FileTime modified, Object fileKey, FileTime changed) {

		static Stat of(Path real) throws IOException {
			BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
			if (!attributes.isRegularFile()) {
				throw new IOException("it is not a regular file");
			}
			FileTime changed;
			try {
				changed = (FileTime) Files.getAttribute(real, "unix:ctime");
			}
			catch (UnsupportedOperationException | IllegalArgumentException ex) {
				changed = null;
			}
			return new Stat(real.toString(), attributes.size(), attributes.lastModifiedTime(), attributes.fileKey(),
					changed);
		}

		FileIdentity identity(String sha256) {
			return new FileIdentity(path, size, modified.toInstant(), sha256);
		}

	}

}
