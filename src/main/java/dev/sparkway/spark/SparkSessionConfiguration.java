package dev.sparkway.spark;

import java.util.Map;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the server's one long-lived SparkSession. Jobs never use it directly: each gets
 * {@link SparkSession#newSession()} of it (shared SparkContext and cache, its own SQL conf).
 */
@Configuration(proxyBeanMethods = false)
class SparkSessionConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SparkSessionConfiguration.class);

	@Bean(destroyMethod = "stop")
	SparkSession sparkSession(SparkProperties properties, JobProgressListener progressListener) {
		long started = System.nanoTime();
		SparkConf conf = new SparkConf().setMaster(properties.master()).setAppName(properties.appName());
		for (Map.Entry<String, String> entry : properties.conf().entrySet()) {
			conf.set(entry.getKey(), entry.getValue());
		}
		ApplicationJar.shipTo(conf);
		SparkSession session = SparkSession.builder().config(conf).getOrCreate();
		progressListener.attach(session.sparkContext());
		session.sparkContext().addSparkListener(progressListener);
		session.sparkContext().addSparkListener(RepeatedWorkListener.INSTANCE);
		log.info("Spark session up: master={} version={} ui={} in {} ms", properties.master(), session.version(),
				session.sparkContext().uiWebUrl().getOrElse(() -> "disabled"), (System.nanoTime() - started) / 1_000_000);
		return session;
	}

}
