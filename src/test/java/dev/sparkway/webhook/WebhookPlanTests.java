package dev.sparkway.webhook;

import java.time.Duration;
import java.util.List;

import dev.sparkway.StartupConfigurationException;
import dev.sparkway.job.JobStatus;
import dev.sparkway.pipeline.InvalidParametersException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which endpoints a job is delivered to, and the configurations the server refuses to start with. */
class WebhookPlanTests {

	private static final WebhooksProperties.Endpoint CI = new WebhooksProperties.Endpoint(
			"https://ci.example.com/hooks", List.of(JobStatus.FAILED));

	@Test
	void everyJobHasTheConfiguredEndpointsAndItsOwnWebhookWithAllEndsByDefault() {
		WebhookSubscriptions subscriptions = subscriptions(properties(List.of(CI), "s3cret", List.of("93.184.216.34")));
		assertThat(subscriptions.plan(null).endpoints()).containsExactly(CI);
		assertThat(subscriptions.plan(new WebhookRequest("https://93.184.216.34/x", null)).endpoints()).containsExactly(
				CI, new WebhooksProperties.Endpoint("https://93.184.216.34/x",
						List.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)));
	}

	@Test
	void aWebhookWithoutASecretOrWithoutAUrlIsRefused() {
		WebhookSubscriptions off = subscriptions(properties(List.of(), "", List.of("93.184.216.34")));
		assertThatThrownBy(() -> off.plan(new WebhookRequest("https://93.184.216.34/x", null)))
			.isInstanceOf(InvalidParametersException.class)
			.hasMessageContaining("sparkway.webhooks.secret");
		WebhookSubscriptions on = subscriptions(properties(List.of(), "s3cret", List.of("93.184.216.34")));
		assertThatThrownBy(() -> on.plan(new WebhookRequest(" ", null)))
			.isInstanceOfSatisfying(InvalidParametersException.class,
					ex -> assertThat(ex.errors().get(0).field()).isEqualTo("webhook.url"));
		assertThatThrownBy(() -> on.plan(new WebhookRequest("https://93.184.216.34/x", List.of())))
			.isInstanceOfSatisfying(InvalidParametersException.class,
					ex -> assertThat(ex.errors().get(0).field()).isEqualTo("webhook.events"));
	}

	@Test
	void configuredEndpointsNeedASecretAndEndStatuses() {
		assertThatThrownBy(() -> subscriptions(properties(List.of(CI), "", List.of())))
			.isInstanceOf(StartupConfigurationException.class)
			.hasMessageContaining("sparkway.webhooks.secret");
		assertThatThrownBy(() -> subscriptions(properties(
				List.of(new WebhooksProperties.Endpoint("https://ci.example.com/h", List.of(JobStatus.RUNNING))),
				"s3cret", List.of())))
			.isInstanceOf(StartupConfigurationException.class)
			.hasMessageContaining("sparkway.webhooks.endpoints[0]");
	}

	private static WebhooksProperties properties(List<WebhooksProperties.Endpoint> endpoints, String secret,
			List<String> allowed) {
		return new WebhooksProperties(endpoints, secret, allowed, Duration.ofSeconds(1), 3, Duration.ofSeconds(1),
				Duration.ofSeconds(10), Duration.ofSeconds(1));
	}

	/** Planning touches neither the store nor the dispatcher. */
	private static WebhookSubscriptions subscriptions(WebhooksProperties properties) {
		return new WebhookSubscriptions(null, null, null, null, properties);
	}

}
