package dev.sparkway.webhook;

import dev.sparkway.support.PostgresServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The webhook store's promises (and the V6 migration) on a real PostgreSQL server. */
@Tag("postgres")
@ExtendWith(PostgresServer.Extension.class)
// Closes the connection pool after the class, before the server stops.
@DirtiesContext
class PostgresWebhookStoreTests extends WebhookStoreContract {

	private static String url;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", PostgresWebhookStoreTests::url);
		registry.add("spring.datasource.username", () -> PostgresServer.USER);
		registry.add("spring.datasource.password", () -> PostgresServer.PASSWORD);
	}

	/** One database for the class, created on first use. */
	private static synchronized String url() {
		if (url == null) {
			url = PostgresServer.shared().createDatabase("webhook_store_contract");
		}
		return url;
	}

}
