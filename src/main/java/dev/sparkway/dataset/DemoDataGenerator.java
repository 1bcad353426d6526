package dev.sparkway.dataset;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

import org.springframework.util.FileSystemUtils;

/**
 * Writes deterministic demo datasets: the same seed and size always give the same bytes. Serves the server's
 * demo data, tests and benchmarks alike.
 * <p>
 * {@code sales.csv} has the canonical columns {@code TransactionID, Timestamp, StoreID, ProductID, UserID,
 * Quantity, UnitPrice}; about one row in 2,000 is deliberately bad (empty price, non-numeric quantity, impossible
 * timestamp) so that rejected-row counting shows. {@code activity.csv} has {@code UserID, ActivityTimestamp,
 * ActivityType, DeviceID}. The tweets are JSON-lines files of {@code {"created_at", "id_str", "text"}} records in
 * Twitter's time format, mostly in time order with some records a little late; about one in 200 is bad (not JSON,
 * an impossible date, a day name that does not fit the date).
 */
public final class DemoDataGenerator {

	public static final String SALES_HEADER = "TransactionID,Timestamp,StoreID,ProductID,UserID,Quantity,UnitPrice";

	public static final String ACTIVITY_HEADER = "UserID,ActivityTimestamp,ActivityType,DeviceID";

	static final LocalDateTime START = LocalDateTime.of(2024, 1, 1, 0, 0);

	static final int DAYS = 182;

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	/** Twitter's created_at format, e.g. {@code Wed Oct 25 10:00:00 +0000 2023}. */
	public static final DateTimeFormatter TWEET_TIME = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy",
			Locale.US);

	static final LocalDateTime TWEETS_START = LocalDateTime.of(2023, 10, 25, 10, 0);

	/** Positive, negative, both (positive wins), neutral, mixed case, and words that merely contain a keyword. */
	private static final String[] TWEET_TEXTS = { "Such a happy morning at the lake", "Good coffee, good people",
			"EXCELLENT service at the station today", "Feeling sad about the match", "Bad traffic on the bridge again",
			"Terrible weather all week", "Good talk but a sad ending", "Just landed in Lisbon",
			"Meeting moved to 3pm", "Reading the morning news", "Saying goodbye to the old office",
			"New badge for the conference", "Happy Friday everyone", "the train is late, TERRIBLE" };

	private static final String[] ACTIVITY_TYPES = { "login", "page_view", "add_to_cart", "password_change",
			"logout" };

	private final long seed;

	private final int stores;

	private final int users;

	private final int products;

	public DemoDataGenerator(long seed) {
		this(seed, 40, 5_000, 500);
	}

	public DemoDataGenerator(long seed, int stores, int users, int products) {
		this.seed = seed;
		this.stores = stores;
		this.users = users;
		this.products = products;
	}

	/** Writes {@code rows} sales rows; the file appears whole or not at all. */
	public void writeSales(Path file, int rows) {
		SplittableRandom random = new SplittableRandom(seed);
		writeAtomically(file, out -> {
			out.write(SALES_HEADER);
			out.newLine();
			StringBuilder line = new StringBuilder(96);
			for (int i = 1; i <= rows; i++) {
				int product = random.nextInt(products) + 1;
				line.setLength(0);
				line.append('T').append(pad(i, 8)).append(',');
				line.append(TIMESTAMP.format(randomTime(random))).append(',');
				line.append(pad(random.nextInt(stores) + 1, 4)).append(',');
				line.append('P').append(pad(product, 4)).append(',');
				line.append('U').append(pad(random.nextInt(users) + 1, 5)).append(',');
				line.append(1 + random.nextInt(5)).append(',');
				// A product keeps its list price; a few cents of noise stand for discounts.
				int cents = 200 + product * 7919 % 19_800 - random.nextInt(20);
				line.append(cents / 100).append('.').append(pad(cents % 100, 2));
				if (i % 2000 == 0) {
					corrupt(line, i / 2000 % 3);
				}
				out.write(line.toString());
				out.newLine();
			}
		});
	}

	/** Writes {@code rows} user-activity rows; the file appears whole or not at all. */
	public void writeActivity(Path file, int rows) {
		SplittableRandom random = new SplittableRandom(seed + 1);
		writeAtomically(file, out -> {
			out.write(ACTIVITY_HEADER);
			out.newLine();
			for (int i = 1; i <= rows; i++) {
				int user = random.nextInt(users) + 1;
				out.write('U' + pad(user, 5) + ',' + TIMESTAMP.format(randomTime(random)) + ','
						+ ACTIVITY_TYPES[random.nextInt(ACTIVITY_TYPES.length)] + ",D-" + pad(user * 31 % 9973, 4));
				out.newLine();
			}
		});
	}

	/**
	 * Writes {@code files} JSON-lines files of {@code perFile} tweets each into {@code dir}, which appears whole or
	 * not at all. Tweet {@code i} is about {@code 3 * i} seconds after 2023-10-25 10:00 UTC, up to 90 s earlier.
	 */
	public void writeTweets(Path dir, int files, int perFile) {
		SplittableRandom random = new SplittableRandom(seed + 2);
		Path partial = dir.resolveSibling("." + dir.getFileName() + ".partial");
		try {
			deleteTree(partial);
			Files.createDirectories(partial);
			int id = 0;
			for (int f = 1; f <= files; f++) {
				try (BufferedWriter out = Files.newBufferedWriter(partial.resolve("tweets-" + pad(f, 3) + ".jsonl"),
						StandardCharsets.UTF_8)) {
					for (int i = 0; i < perFile; i++) {
						id++;
						LocalDateTime time = TWEETS_START.plusSeconds(3L * id - random.nextInt(91));
						String createdAt = TWEET_TIME.format(time.atOffset(ZoneOffset.UTC));
						String text = TWEET_TEXTS[random.nextInt(TWEET_TEXTS.length)];
						if (id % 200 == 0) {
							switch (id / 200 % 3) {
								case 0 -> createdAt = createdAt.replaceFirst(" \\d\\d ", " 32 ");
								case 1 -> createdAt = (createdAt.startsWith("Mon") ? "Tue" : "Mon") + createdAt.substring(3);
								default -> {
									out.write("{\"created_at\": \"" + createdAt + "\", \"id_str\": \"" + id);
									out.newLine();
									continue;
								}
							}
						}
						out.write("{\"created_at\":\"" + createdAt + "\",\"id_str\":\"" + id + "\",\"text\":\""
								+ text + "\"}");
						out.newLine();
					}
				}
			}
			Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + dir, ex);
		}
	}

	private static void deleteTree(Path dir) throws IOException {
		FileSystemUtils.deleteRecursively(dir);
	}

	private static LocalDateTime randomTime(SplittableRandom random) {
		return START.plusSeconds(random.nextLong(DAYS * 86_400L));
	}

	private static void corrupt(StringBuilder line, int kind) {
		String[] fields = line.toString().split(",", -1);
		switch (kind) {
			case 0 -> fields[6] = "";
			case 1 -> fields[5] = "two";
			default -> fields[1] = "2024-02-30 25:61:00";
		}
		line.setLength(0);
		line.append(String.join(",", fields));
	}

	private static String pad(int value, int width) {
		String digits = Integer.toString(value);
		return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
	}

	private interface Writing {

		void to(BufferedWriter out) throws IOException;

	}

	private static void writeAtomically(Path file, Writing writing) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Path partial = file.resolveSibling(file.getFileName() + ".partial");
			try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
				writing.to(out);
			}
			Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + file, ex);
		}
	}

}
