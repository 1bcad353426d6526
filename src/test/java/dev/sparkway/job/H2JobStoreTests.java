package dev.sparkway.job;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The job store's promises on H2, the default store (in memory here; the server uses an H2 file).
 */
class H2JobStoreTests extends JobStoreContract {

	@DynamicPropertySource
	static void h2(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:job-store-contract;DB_CLOSE_DELAY=-1");
		registry.add("spring.datasource.username", () -> "sa");
		registry.add("spring.datasource.password", () -> "");
	}

}
