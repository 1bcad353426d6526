package dev.sparkway.job;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.sparkway.dataset.InvalidInputPathException;
import dev.sparkway.pipeline.ParameterValidator;
import dev.sparkway.pipeline.Pipeline;
import dev.sparkway.pipeline.PipelineParams;
import dev.sparkway.pipeline.PipelineRegistry;
import dev.sparkway.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which submissions are the same work: the reuse key over pipeline, effective parameters and input identities.
 */
class InputIdentitiesTests extends IntegrationTest {

	private static final String SALES = """
			TransactionID,Timestamp,StoreID,ProductID,UserID,Quantity,UnitPrice
			T1,2024-01-01 10:00:00,1,P,U1,1,2.5
			""";

	private static final String ACTIVITY = """
			UserID,ActivityTimestamp,ActivityType,DeviceID
			U1,2024-01-01 09:00:00,login,D1
			""";

	@Autowired
	InputIdentities identities;

	@Autowired
	ParameterValidator validator;

	@Autowired
	PipelineRegistry pipelines;

	@Test
	void aDefaultLeftOutOrGivenAndAPathSpelledTwoWaysAreTheSameWork() {
		String sales = writeInput("identities/" + UUID.randomUUID() + "/sales.csv", SALES);

		String leftOut = key("retail-sales", Map.of("salesPath", sales));

		assertThat(key("retail-sales", Map.of("salesPath", sales, "badRecords", "drop"))).isEqualTo(leftOut);
		assertThat(key("retail-sales", Map.of("salesPath", "./" + sales))).isEqualTo(leftOut);
		assertThat(key("retail-sales", Map.of("salesPath", sales, "badRecords", "fail"))).isNotEqualTo(leftOut);
		assertThat(key("rfm-segmentation", Map.of("salesPath", sales))).as("another pipeline").isNotEqualTo(leftOut);
	}

	@Test
	void aWholeNumberAndTheSameNumberWithAFractionAreTheSameWork() {
		String sales = writeInput("identities/" + UUID.randomUUID() + "/sales.csv", SALES);
		String activity = writeInput("identities/" + UUID.randomUUID() + "/activity.csv", ACTIVITY);

		assertThat(key("fraud-features", Map.of("salesPath", sales, "activityPath", activity, "riskThreshold", 2)))
			.isEqualTo(key("fraud-features", Map.of("salesPath", sales, "activityPath", activity, "riskThreshold", 2.0)));
	}

	@Test
	void everyInputOfAPipelineIsIdentifiedAndCounts() throws IOException {
		String sales = writeInput("identities/" + UUID.randomUUID() + "/sales.csv", SALES);
		String activity = writeInput("identities/" + UUID.randomUUID() + "/activity.csv", ACTIVITY);
		Map<String, String> params = Map.of("salesPath", sales, "activityPath", activity);
		InputIdentities.Identified before = identify("fraud-features", params);

		Files.writeString(inputRoot().resolve(activity), ACTIVITY.replace("login", "logut"));
		InputIdentities.Identified after = identify("fraud-features", params);

		assertThat(before.inputs()).containsOnlyKeys("salesPath", "activityPath");
		Map<?, ?> activityIdentity = (Map<?, ?>) before.inputs().get("activityPath");
		assertThat(((Number) activityIdentity.get("size")).longValue()).isEqualTo(ACTIVITY.length());
		assertThat(activityIdentity.get("path")).isEqualTo(inputRoot().resolve(activity).toRealPath().toString());
		assertThat(after.inputs().get("salesPath")).isEqualTo(before.inputs().get("salesPath"));
		assertThat(after.inputs().get("activityPath")).isNotEqualTo(before.inputs().get("activityPath"));
		assertThat(after.reuseKey()).isNotEqualTo(before.reuseKey());
	}

	@Test
	void anInputGoneSinceValidationIsAnInputError() throws IOException {
		String sales = writeInput("identities/" + UUID.randomUUID() + "/sales.csv", SALES);
		Pipeline pipeline = pipelines.get("retail-sales");
		PipelineParams params = validator.validate(pipeline, Map.of("salesPath", sales));
		Files.delete(inputRoot().resolve(sales));

		assertThatThrownBy(() -> identities.identify(pipeline, params)).isInstanceOf(InvalidInputPathException.class)
			.hasMessageContaining(sales);
	}

	private String key(String pipeline, Map<String, ?> params) {
		return identify(pipeline, params).reuseKey();
	}

	private InputIdentities.Identified identify(String name, Map<String, ?> params) {
		Pipeline pipeline = pipelines.get(name);
		return identities.identify(pipeline, validator.validate(pipeline, new HashMap<>(params)));
	}

}
