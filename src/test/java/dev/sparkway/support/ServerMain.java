package dev.sparkway.support;

import dev.sparkway.SparkwayApplication;

import org.springframework.boot.SpringApplication;

/**
 * The real server plus the {@code test-slow} and {@code test-wide-rows} pipelines, as a process of its own: for
 * tests that kill the server or give it a heap of its own ({@link ServerProcess}).
 */
public final class ServerMain {

	private ServerMain() {
	}

	public static void main(String[] args) {
		SpringApplication.run(new Class<?>[] { SparkwayApplication.class, SlowTestPipeline.Registration.class,
				WideRowsTestPipeline.Registration.class }, args);
	}

}
