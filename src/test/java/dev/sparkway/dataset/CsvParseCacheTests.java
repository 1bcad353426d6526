package dev.sparkway.dataset;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import dev.sparkway.spark.JobSessions;
import dev.sparkway.spark.SparkJobScope;
import dev.sparkway.support.IntegrationTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CSV parse cache: a changed file is never served from an old entry, a hit gives what a parse gives, the size
 * bound and its eviction order, concurrent first reads, and restarts.
 */
class CsvParseCacheTests extends IntegrationTest {

	static final List<CsvColumn> COLUMNS = List.of(CsvColumn.string("Id"), CsvColumn.integer("Count"));

	@Autowired
	JobSessions sessions;

	@TempDir
	Path folder;

	/** Jobs (Spark job groups) that count as running. */
	final Set<String> running = ConcurrentHashMap.newKeySet();

	@Test
	void aFileChangedInPlaceWithTheSameSizeIsReadAnewEvenWithItsModificationTimeRestored() throws Exception {
		// Remembers hashes of files settled before "now", which this clock puts an hour ahead: the strictest case.
		CsvReader csv = reader(new CsvParseCache(true, Long.MAX_VALUE, folder.resolve("cache"), running::contains),
				new FileIdentities(Clock.offset(Clock.systemUTC(), Duration.ofHours(1))));
		Path file = inputRoot().resolve(writeInput("cache/in-place.csv", "Id,Count\nA,1\nB,2\n"));
		FileTime modified = Files.getLastModifiedTime(file);
		assertThat(rows(csv.read(sessions.newSession(), file, COLUMNS))).containsExactly("A=1", "B=2");
		Dataset<Row> hit = csv.read(sessions.newSession(), file, COLUMNS);
		assertThat(CsvParseCache.isEntry(hit)).isTrue();
		String before = entry(hit);
		FileIdentitiesTests.awaitFileSystemClockPast(file);

		Files.writeString(file, "Id,Count\nA,7\nB,9\n");
		Files.setLastModifiedTime(file, modified);
		Dataset<Row> after = csv.read(sessions.newSession(), file, COLUMNS);

		assertThat(Files.size(file)).isEqualTo(17);
		assertThat(rows(after)).containsExactly("A=7", "B=9");
		assertThat(entry(after)).isNotEqualTo(before);
		assertThat(Files.exists(folder.resolve("cache").resolve(before))).as("the superseded entry is removed").isFalse();
	}

	@Test
	void aHitGivesTheRowsCountsAndFirstBadRowOfAParseAcrossManySplits() throws Exception {
		// 40 rows of 9 bytes ("Id,Count" header): rows 23 and 31 are bad, so the first bad one is data row 23.
		StringBuilder content = new StringBuilder("Id,Count\n");
		for (int i = 1; i <= 40; i++) {
			content.append(String.format("R%03d,%s\n", i, i == 23 || i == 31 ? "xxxx" : String.format("%04d", i)));
		}
		Path file = inputRoot().resolve(writeInput("cache/splits.csv", content.toString()));
		CsvReader cached = reader(new CsvParseCache(true, Long.MAX_VALUE, folder.resolve("cache"), running::contains),
				new FileIdentities());
		CsvReader uncached = reader(new CsvParseCache(false, 0, folder.resolve("off"), running::contains),
				new FileIdentities());

		for (CsvReader csv : List.of(uncached, cached, cached)) {
			SparkSession session = sessions.newSession();
			// Splits of 100 bytes: the file is read in 4 tasks, so an entry has 4 part files.
			session.conf().set("spark.sql.files.maxPartitionBytes", "100");
			Dataset<Row> parsed = csv.read(session, file, COLUMNS);

			assertThat(CsvReader.rowCounts(parsed)).isEqualTo(Map.of("inputRows", 40L, "rejectedRows", 2L));
			assertThat(CsvReader.firstRejected(parsed))
				.contains("data row 23 (line 24): Count 'xxxx' is not an integer");
			assertThat(rows(parsed.filter(CsvReader.accepted()))).hasSize(38).contains("R001=1", "R040=40");
		}
		assertThat(Files.list(folder.resolve("cache")).filter(Files::isDirectory)).hasSize(1);
		assertThat(CsvParseCache.isEntry(cached.read(sessions.newSession(), file, COLUMNS))).isTrue();
		assertThat(partFiles(cached.read(sessions.newSession(), file, COLUMNS))).isEqualTo(4);
	}

	@Test
	void theLeastRecentlyUsedEntriesGoPastTheBoundButNeverOneAJobStillReads() throws Exception {
		Path[] files = new Path[8];
		for (int i = 1; i < files.length; i++) {
			files[i] = inputRoot().resolve(writeInput("cache/lru-" + i + ".csv", "Id,Count\nA," + i + "\nB,2" + i + "\n"));
		}
		CsvParseCache measuring = new CsvParseCache(true, Long.MAX_VALUE, folder.resolve("measure"), running::contains);
		reader(measuring, new FileIdentities()).read(sessions.newSession(), files[1], COLUMNS);
		long entrySize = measuring.bytes();
		// Room for two entries of this shape, not three.
		long bound = entrySize * 5 / 2;
		CsvParseCache cache = new CsvParseCache(true, bound, folder.resolve("cache"), running::contains);
		CsvReader csv = reader(cache, new FileIdentities());

		String e1 = read(csv, files[1], null);
		String e2 = read(csv, files[2], null);
		assertThat(read(csv, files[1], null)).isEqualTo(e1);
		String e3 = read(csv, files[3], null);
		assertThat(cache.keys()).containsExactlyInAnyOrder(e1, e3);
		assertThat(cache.bytes()).isLessThanOrEqualTo(bound);
		assertThat(Files.exists(folder.resolve("cache").resolve(e2))).isFalse();

		running.add("job-1");
		String e4 = read(csv, files[4], "job-1");
		String e5 = read(csv, files[5], null);
		String e6 = read(csv, files[6], null);
		// e4 is the least recently used, but job-1 still runs: e5 went instead, and the bound holds again.
		assertThat(cache.keys()).containsExactlyInAnyOrder(e4, e6);
		assertThat(cache.bytes()).isLessThanOrEqualTo(bound);
		assertThat(e5).isNotIn(cache.keys());

		running.remove("job-1");
		String e7 = read(csv, files[7], null);
		assertThat(cache.keys()).containsExactlyInAnyOrder(e6, e7);
	}

	@Test
	void twoJobsReadingANewFileAtOnceShareOneEntryAndLeaveNoTemporaryFolder() throws Exception {
		Path file = inputRoot().resolve(writeInput("cache/concurrent.csv", "Id,Count\nA,1\nB,2\nC,x\n"));
		CsvReader csv = reader(new CsvParseCache(true, Long.MAX_VALUE, folder.resolve("cache"), running::contains),
				new FileIdentities());
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			List<Future<Dataset<Row>>> reads = threads.invokeAll(List.of(
					() -> csv.read(sessions.newSession(), file, COLUMNS),
					() -> csv.read(sessions.newSession(), file, COLUMNS)));

			assertThat(entry(reads.get(0).get())).isEqualTo(entry(reads.get(1).get()));
			assertThat(rows(reads.get(1).get())).containsExactly("A=1", "B=2", "C=null");
		}
		finally {
			threads.shutdownNow();
		}
		try (Stream<Path> children = Files.list(folder.resolve("cache"))) {
			assertThat(children).hasSize(1);
		}
	}

	@Test
	void entriesSurviveARestartAndUnfinishedOnesAreRemoved() throws Exception {
		Path file = inputRoot().resolve(writeInput("cache/restart.csv", "Id,Count\nA,1\n"));
		Path cacheFolder = folder.resolve("cache");
		String kept = entry(reader(new CsvParseCache(true, Long.MAX_VALUE, cacheFolder, running::contains),
				new FileIdentities()).read(sessions.newSession(), file, COLUMNS));
		Files.createDirectories(cacheFolder.resolve(".tmp-" + kept + "-interrupted"));
		Files.writeString(cacheFolder.resolve(".tmp-" + kept + "-interrupted").resolve("part-00000.parquet"), "x");
		Files.createDirectories(cacheFolder.resolve("no-description"));

		CsvParseCache restarted = new CsvParseCache(true, Long.MAX_VALUE, cacheFolder, running::contains);

		assertThat(restarted.keys()).containsExactly(kept);
		try (Stream<Path> children = Files.list(cacheFolder)) {
			assertThat(children.map(p -> p.getFileName().toString())).containsExactly(kept);
		}
		Dataset<Row> hit = reader(restarted, new FileIdentities()).read(sessions.newSession(), file, COLUMNS);
		assertThat(entry(hit)).isEqualTo(kept);
		assertThat(rows(hit)).containsExactly("A=1");
	}

	private static CsvReader reader(CsvParseCache cache, FileIdentities identities) {
		return new CsvReader(identities, cache);
	}

	/** Reads a file as the given job (Spark job group) and returns the name of its entry. */
	private String read(CsvReader csv, Path file, String job) throws InterruptedException {
		SparkSession session = sessions.newSession();
		session.sparkContext().setLocalProperty(SparkJobScope.JOB_GROUP, job);
		try {
			return entry(csv.read(session, file, COLUMNS));
		}
		finally {
			session.sparkContext().setLocalProperty(SparkJobScope.JOB_GROUP, null);
		}
	}

	private static String entry(Dataset<Row> data) {
		return Path.of(URI.create(data.inputFiles()[0])).getParent().getFileName().toString();
	}

	private static long partFiles(Dataset<Row> data) {
		return data.inputFiles().length;
	}

	/** "Id=Count" of each row, in file order. */
	private static List<String> rows(Dataset<Row> data) {
		return data.collectAsList().stream().map(r -> r.getString(0) + "=" + r.get(1)).toList();
	}

}
