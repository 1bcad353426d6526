package dev.sparkway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Sparkway: a REST job server that keeps one SparkSession warm and runs named pipelines on it.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class SparkwayApplication {

	public static void main(String[] args) {
		SpringApplication.run(SparkwayApplication.class, args);
	}

}
