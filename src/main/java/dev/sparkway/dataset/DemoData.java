package dev.sparkway.dataset;

import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Generates the demo files on start when they are missing, so the quick start has data to run on.
 */
@Component
class DemoData implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(DemoData.class);

	/** The tweet-sentiment demo input: about four hours of event time, small enough to generate on every start. */
	static final int TWEET_FILES = 5;

	static final int TWEETS_PER_FILE = 1_000;

	private final DemoDataProperties properties;

	private final Path demoDir;

	DemoData(DemoDataProperties properties, StorageProperties storage) {
		this.properties = properties;
		this.demoDir = storage.inputRoot().resolve("demo");
	}

	@Override
	public void afterPropertiesSet() {
		if (!properties.enabled()) {
			return;
		}
		DemoDataGenerator generator = new DemoDataGenerator(properties.seed());
		Path sales = demoDir.resolve("sales.csv");
		if (!Files.exists(sales)) {
			long started = System.nanoTime();
			generator.writeSales(sales, properties.salesRows());
			log.info("Generated demo data {} ({} rows) in {} ms", sales, properties.salesRows(),
					(System.nanoTime() - started) / 1_000_000);
		}
		Path tweets = demoDir.resolve("tweets");
		if (!Files.exists(tweets)) {
			generator.writeTweets(tweets, TWEET_FILES, TWEETS_PER_FILE);
			log.info("Generated demo data {} ({} files of {} tweets)", tweets, TWEET_FILES, TWEETS_PER_FILE);
		}
		Path activity = demoDir.resolve("activity.csv");
		if (!Files.exists(activity)) {
			generator.writeActivity(activity, properties.activityRows());
			log.info("Generated demo data {} ({} rows)", activity, properties.activityRows());
		}
	}

}
