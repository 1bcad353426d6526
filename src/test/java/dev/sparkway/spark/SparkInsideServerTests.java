package dev.sparkway.spark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.support.IntegrationTest;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spark inside the Spring Boot server: its UI's REST API works (Jersey 2, javax.* pins), health reports it, and
 * configuration reaches the session.
 */
class SparkInsideServerTests extends IntegrationTest {

	@Test
	void sparkUiRestApiAnswersInsideTheServer() throws Exception {
		String ui = spark().sparkContext().uiWebUrl().get();

		// The suite requires API keys, so the Spark UI does too.
		RestClient sparkUi = RestClient.builder().defaultHeader("X-API-Key", READ_KEY).build();
		String applications = sparkUi.get().uri(ui + "/api/v1/applications").retrieve().body(String.class);
		JsonNode apps = json.readTree(applications);
		assertThat(apps).hasSize(1);
		assertThat(apps.get(0).get("id").asText()).isEqualTo(spark().sparkContext().applicationId());

		String jobs = sparkUi.get()
			.uri(ui + "/api/v1/applications/" + spark().sparkContext().applicationId() + "/jobs")
			.retrieve()
			.body(String.class);
		assertThat(json.readTree(jobs).isArray()).isTrue();
	}

	@Test
	void healthIsUpAndIncludesTheSparkSession() {
		JsonNode health = get("/actuator/health").expect(200).body();

		assertThat(health.get("status").asText()).isEqualTo("UP");
		assertThat(health.at("/components/spark/status").asText()).isEqualTo("UP");
		assertThat(health.at("/components/spark/details/state").asText()).isEqualTo("RUNNING");
		assertThat(health.at("/components/spark/details/master").asText()).isEqualTo("local[2]");
		assertThat(health.at("/components/spark/details/version").asText()).isEqualTo("3.5.7");
		assertThat(get("/actuator/health/liveness").expect(200).body().get("status").asText()).isEqualTo("UP");
		assertThat(get("/actuator/health/readiness").expect(200).body().get("status").asText()).isEqualTo("UP");
	}

	@Test
	void sparkConfFromApplicationYmlReachesTheSession() {
		// Keys with capitals and dots survive Spring's map binding.
		assertThat(spark().conf().get("spark.sql.adaptive.coalescePartitions.enabled")).isEqualTo("true");
		assertThat(spark().conf().get("spark.scheduler.mode")).isEqualTo("FAIR");
		assertThat(spark().conf().get("spark.sql.shuffle.partitions")).isEqualTo("2");
	}

}
