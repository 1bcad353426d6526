package dev.sparkway.pipeline.fraud;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.dataset.DemoDataGenerator;
import dev.sparkway.support.IntegrationTest;
import dev.sparkway.support.Poll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fraud-features job cancelled while its Spark work runs ends CANCELLED and leaves no output and nothing cached
 * behind.
 */
class FraudFeaturesCancelTests extends IntegrationTest {

	@Test
	void cancelInTheMiddleOfThePipelineLeavesNothingBehind() {
		DemoDataGenerator generator = new DemoDataGenerator(7);
		generator.writeSales(inputRoot().resolve(Path.of("fraud", "large-sales.csv")), 1_000_000);
		generator.writeActivity(inputRoot().resolve(Path.of("fraud", "large-activity.csv")), 300_000);
		assertThat(spark().sharedState().cacheManager().isEmpty()).as("nothing cached before the job").isTrue();

		String id = submit("fraud-features",
				Map.of("salesPath", "fraud/large-sales.csv", "activityPath", "fraud/large-activity.csv"));
		Poll.until(Duration.ofMinutes(1), "job " + id + " running Spark work", () -> {
			JsonNode job = get("/api/v1/jobs/" + id).expect(200).body();
			assertThat(job.get("status").asText()).as("job %s", job).isIn("QUEUED", "RUNNING");
			return job.at("/progress/sparkJobs/active").asInt() > 0;
		});

		post("/api/v1/jobs/" + id + "/cancel").expect(202);
		JsonNode job = awaitStatus(id, Duration.ofMinutes(1), "CANCELLED", "SUCCEEDED", "FAILED");

		assertThat(job.get("status").asText()).as("job %s", job).isEqualTo("CANCELLED");
		assertThat(job.at("/error/type").asText()).isEqualTo("CANCELLED");
		assertThat(outputRoot().resolve(id)).doesNotExist();
		Poll.until(Duration.ofSeconds(30), "nothing left cached",
				() -> spark().sparkContext().getPersistentRDDs().isEmpty()
						&& spark().sharedState().cacheManager().isEmpty());
	}

}
