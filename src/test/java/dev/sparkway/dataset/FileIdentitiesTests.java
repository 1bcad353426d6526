package dev.sparkway.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file's identity: path, size, modification time and content hash, and when a remembered hash may be used.
 */
class FileIdentitiesTests {

	/** SHA-256 test vector of "abc" (FIPS 180-2). */
	static final String SHA256_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

	/** {@code printf abd | sha256sum} */
	static final String SHA256_ABD = "a52d159f262b2c6ddb724a61840befc36eb30c88877a4030b65cbe86298449c9";

	@TempDir
	Path folder;

	/** Hashes are remembered for files that settled before "now", which this clock puts an hour ahead. */
	final FileIdentities identities = new FileIdentities(Clock.offset(Clock.systemUTC(), Duration.ofHours(1)));

	@Test
	void identifiesAFileByRealPathSizeModificationTimeAndContentHash() throws IOException {
		Path file = write("sales.csv", "abc");
		Path link = Files.createSymbolicLink(folder.resolve("link.csv"), file);

		FileIdentity identity = identities.of(link);

		assertThat(identity.path()).isEqualTo(file.toRealPath().toString());
		assertThat(identity.size()).isEqualTo(3);
		assertThat(identity.modified()).isEqualTo(Files.getLastModifiedTime(file).toInstant());
		assertThat(identity.sha256()).isEqualTo(SHA256_ABC);
	}

	@Test
	void aFileChangedInPlaceWithTheSameSizeAndItsModificationTimeRestoredHasAnotherIdentity() throws IOException {
		Path file = write("sales.csv", "abc");
		FileTime modified = Files.getLastModifiedTime(file);
		FileIdentity before = identities.of(file);
		assertThat(identities.of(file)).isEqualTo(before);
		assertThat(identities.hashed()).isEqualTo(1);
		awaitFileSystemClockPast(file);

		Files.writeString(file, "abd", StandardCharsets.US_ASCII);
		Files.setLastModifiedTime(file, modified);
		FileIdentity after = identities.of(file);

		assertThat(after.size()).isEqualTo(before.size());
		assertThat(after.modified()).isEqualTo(before.modified());
		assertThat(after.sha256()).isEqualTo(SHA256_ABD);
		assertThat(after).isNotEqualTo(before);
		assertThat(identities.hashed()).isEqualTo(2);
	}

	@Test
	void aFileWrittenJustNowIsHashedEveryTimeSinceASecondWriteInTheSameClockTickWouldGoUnseen() throws IOException {
		FileIdentities now = new FileIdentities(Clock.systemUTC());
		Path file = write("fresh.csv", "abc");

		now.of(file);
		now.of(file);

		assertThat(now.hashed()).isEqualTo(2);
	}

	@Test
	void aFolderIsTheSortedIdentitiesOfTheFilesSparkReadsInIt() throws IOException {
		write("b.json", "abd");
		write("a.json", "abc");
		write(".hidden", "x");
		write("_SUCCESS", "");
		Files.createDirectory(folder.resolve("nested"));
		write("nested/c.json", "abc");

		List<FileIdentity> files = identities.ofFolder(folder);

		assertThat(files).extracting(FileIdentity::path)
			.containsExactly(folder.toRealPath().resolve("a.json").toString(),
					folder.toRealPath().resolve("b.json").toString());
		assertThat(files).extracting(FileIdentity::sha256).containsExactly(SHA256_ABC, SHA256_ABD);
	}

	@Test
	void aDigestChangesWithAnyPartOfAnyIdentity() throws IOException {
		FileIdentity a = identities.of(write("a.csv", "abc"));
		FileIdentity b = identities.of(write("b.csv", "abd"));

		assertThat(FileIdentity.digest(List.of(a, b))).isEqualTo(FileIdentity.digest(List.of(a, b)))
			.isNotEqualTo(FileIdentity.digest(List.of(b, a)))
			.isNotEqualTo(FileIdentity.digest(List.of(a)))
			.hasSize(64);
		FileIdentity otherHash = new FileIdentity(a.path(), a.size(), a.modified(), b.sha256());
		assertThat(otherHash.digest()).isNotEqualTo(a.digest());
		FileIdentity otherTime = new FileIdentity(a.path(), a.size(), a.modified().plusMillis(1), a.sha256());
		assertThat(otherTime.digest()).isNotEqualTo(a.digest());
	}

	/**
	 * Waits until the file system stamps a new write later than the file's last change: this test's clock claims
	 * an hour has passed, so the real file system must have moved on too (it ticks every few milliseconds).
	 */
	static void awaitFileSystemClockPast(Path file) throws IOException {
		FileTime changed = (FileTime) Files.getAttribute(file, "unix:ctime");
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		Path probe = file.resolveSibling("clock-probe");
		do {
			Files.writeString(probe, "probe");
		}
		while (((FileTime) Files.getAttribute(probe, "unix:ctime")).compareTo(changed) <= 0
				&& System.nanoTime() < deadline);
		assertThat((FileTime) Files.getAttribute(probe, "unix:ctime")).isGreaterThan(changed);
	}

	private Path write(String name, String content) throws IOException {
		return Files.writeString(folder.resolve(name), content, StandardCharsets.US_ASCII);
	}

}
