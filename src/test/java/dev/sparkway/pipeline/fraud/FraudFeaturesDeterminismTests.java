package dev.sparkway.pipeline.fraud;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * fraud-features gives the same rows whatever the run and whatever the physical order of the input rows, even when
 * most transactions and activities of a user share their timestamps.
 */
class FraudFeaturesDeterminismTests extends IntegrationTest {

	private static final String SALES_HEADER = "TransactionID,Timestamp,UserID,Quantity,UnitPrice";

	private static final String ACTIVITY_HEADER = "UserID,ActivityTimestamp";

	private static final String[] INSTANTS = { "2024-01-01 10:00:00", "2024-01-01 10:00:01", "2024-01-01 11:00:00",
			"2024-01-02 00:00:00", "2024-01-02 00:30:00" };

	@Test
	void twoRunsOnTheSameInputAndARunOnItsRowsReversedGiveIdenticalFeatures() {
		SplittableRandom random = new SplittableRandom(7);
		List<String> sales = new ArrayList<>();
		for (int i = 1; i <= 600; i++) {
			sales.add("T" + i + "," + INSTANTS[random.nextInt(INSTANTS.length)] + ",U" + random.nextInt(15) + ","
					+ (1 + random.nextInt(5)) + "," + (1 + random.nextInt(9_999)) / 100.0);
		}
		List<String> activity = new ArrayList<>();
		for (int i = 1; i <= 200; i++) {
			activity.add("U" + random.nextInt(15) + "," + INSTANTS[random.nextInt(INSTANTS.length)]);
		}
		Map<String, String> forward = Map.of("salesPath", csv("fraud/ties-sales.csv", SALES_HEADER, sales),
				"activityPath", csv("fraud/ties-activity.csv", ACTIVITY_HEADER, activity));
		Collections.reverse(sales);
		Collections.reverse(activity);
		Map<String, String> reversed = Map.of("salesPath", csv("fraud/ties-sales-reversed.csv", SALES_HEADER, sales),
				"activityPath", csv("fraud/ties-activity-reversed.csv", ACTIVITY_HEADER, activity));

		JsonNode first = features(forward);
		JsonNode second = features(forward);
		JsonNode reversedRun = features(reversed);

		assertThat(first).hasSize(600);
		assertThat(second).isEqualTo(first);
		assertThat(reversedRun).isEqualTo(first);
	}

	private static String csv(String path, String header, List<String> lines) {
		return writeInput(path, header + "\n" + String.join("\n", lines) + "\n");
	}

	private JsonNode features(Map<String, String> params) {
		JsonNode job = runToSuccess("fraud-features", params);
		return previewRows(job.get("id").asText(), "features");
	}

}
