package dev.sparkway.support;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of a Prometheus text scrape. */
public final class PrometheusScrape {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})? (\\S+)$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	private PrometheusScrape() {
	}

	/**
	 * Sum of the samples of that name whose labels include the given ones: 0 when a labelled series does not exist
	 * yet (a counter not yet incremented), NaN when an unlabelled one is missing.
	 */
	public static double value(String scrape, String name, Map<String, String> labels) {
		double sum = 0;
		boolean found = false;
		for (String line : scrape.split("\n")) {
			Matcher sample = SAMPLE.matcher(line);
			if (!sample.matches() || !sample.group(1).equals(name)) {
				continue;
			}
			Map<String, String> present = new HashMap<>();
			Matcher label = LABEL.matcher(sample.group(3) == null ? "" : sample.group(3));
			while (label.find()) {
				present.put(label.group(1), label.group(2));
			}
			if (present.entrySet().containsAll(labels.entrySet())) {
				sum += Double.parseDouble(sample.group(4));
				found = true;
			}
		}
		return found ? sum : labels.isEmpty() ? Double.NaN : 0;
	}

	/** How much the samples grew from one scrape to the next. */
	public static double delta(String before, String after, String name, Map<String, String> labels) {
		return value(after, name, labels) - value(before, name, labels);
	}

}
