package dev.sparkway.webhook;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The webhook store's promises on H2, the default store. */
class H2WebhookStoreTests extends WebhookStoreContract {

	@DynamicPropertySource
	static void h2(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:webhook-store-contract;DB_CLOSE_DELAY=-1");
		registry.add("spring.datasource.username", () -> "sa");
		registry.add("spring.datasource.password", () -> "");
	}

}
