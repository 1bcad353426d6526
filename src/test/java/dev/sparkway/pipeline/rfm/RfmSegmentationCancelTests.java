package dev.sparkway.pipeline.rfm;

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
 * Cancelling rfm-segmentation in the middle of its fitting, and what it leaves behind: nothing cached.
 */
class RfmSegmentationCancelTests extends IntegrationTest {

	@Test
	void cancelInTheMiddleOfFittingStopsTheJobAndReleasesItsCachedData() {
		String path = "rfm/demo-100k.csv";
		new DemoDataGenerator(7).writeSales(inputRoot().resolve(path), 100_000);

		// autoK=8 fits seven models: tens of Spark jobs, several seconds even on a quiet machine.
		String id = submit("rfm-segmentation", Map.of("salesPath", path, "autoK", 8));
		// Past the per-user table (a handful of Spark jobs) and into KMeans, with Spark work running.
		Poll.until(Duration.ofMinutes(2), "job " + id + " RUNNING with its first fit under way", () -> {
			JsonNode job = get("/api/v1/jobs/" + id).expect(200).body();
			assertThat(job.get("status").asText()).as("job %s", job).isIn("QUEUED", "RUNNING");
			return job.get("status").asText().equals("RUNNING") && job.at("/progress/sparkJobs/completed").asInt() >= 8
					&& job.at("/progress/sparkJobs/active").asInt() > 0;
		});
		assertThat(spark().sparkContext().getPersistentRDDs().isEmpty()).as("cached while running").isFalse();

		post("/api/v1/jobs/" + id + "/cancel").expect(202);
		JsonNode job = awaitStatus(id, Duration.ofMinutes(1), "CANCELLED", "SUCCEEDED", "FAILED");

		assertThat(job.get("status").asText()).as("job %s", job).isEqualTo("CANCELLED");
		assertThat(job.at("/error/type").asText()).isEqualTo("CANCELLED");
		assertThat(job.get("outputs")).isEmpty();
		Poll.until(Duration.ofSeconds(30), "no RDD or Dataset left cached", () -> spark().sparkContext()
			.getPersistentRDDs()
			.isEmpty() && spark().sharedState().cacheManager().isEmpty());
		assertThat(outputRoot().resolve(id)).doesNotExist();
	}

}
