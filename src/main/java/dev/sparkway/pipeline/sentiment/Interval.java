package dev.sparkway.pipeline.sentiment;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The interval strings the pipeline accepts ({@code 10 minutes}, {@code 1 hour 30 minutes}): one or more pairs of a
 * whole number and a unit (second, minute, hour, day; singular or plural). A subset of what Spark reads, so a
 * checked string is handed to Spark as it is.
 */
final class Interval {

	private static final Pattern PART = Pattern.compile("(\\d{1,9})\\s+(second|minute|hour|day)s?",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern WHOLE = Pattern.compile(
			"\\s*(\\d{1,9}\\s+(second|minute|hour|day)s?)(\\s+\\d{1,9}\\s+(second|minute|hour|day)s?)*\\s*",
			Pattern.CASE_INSENSITIVE);

	private Interval() {
	}

	/** The length of the interval, or null if the text is not one. */
	static Duration parse(String text) {
		if (text == null || !WHOLE.matcher(text).matches()) {
			return null;
		}
		Duration total = Duration.ZERO;
		Matcher part = PART.matcher(text);
		while (part.find()) {
			long amount = Long.parseLong(part.group(1));
			total = total.plus(switch (part.group(2).toLowerCase(Locale.ROOT)) {
				case "second" -> Duration.ofSeconds(amount);
				case "minute" -> Duration.ofMinutes(amount);
				case "hour" -> Duration.ofHours(amount);
				default -> Duration.ofDays(amount);
			});
		}
		return total;
	}

}
