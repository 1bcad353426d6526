package dev.sparkway.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkway.SparkwayApplication;
import dev.sparkway.support.Poll;
import dev.sparkway.support.PostgresServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The whole server with its job store on a real PostgreSQL server, switched by {@code spring.datasource.*} alone:
 * restart recovery of records a previous process left unfinished, then one retail-sales job submitted over HTTP.
 * It runs in the {@code postgres} surefire execution, a JVM of its own, since the shared integration context
 * already holds this JVM's one SparkContext in the default execution.
 */
@Tag("postgres")
@ExtendWith(PostgresServer.Extension.class)
class ServerOnPostgresTests {

	private static final String SALES = """
			TransactionID,Timestamp,StoreID,ProductID,UserID,Quantity,UnitPrice
			T1,2024-05-01 09:00:00,S1,P1,U1,2,10.0
			T2,2024-05-01 17:30:00,S1,P2,U2,1,4.5
			T3,2024-05-02 08:00:00,S1,P1,U1,3,10.0
			T4,2024-05-01 12:00:00,S2,P3,U3,5,2.0
			T5,2024-05-01 12:00:00,S2,P3,U3,two,2.0
			""";

	private final ObjectMapper json = new ObjectMapper();

	@TempDir
	Path root;

	@Test
	void aServerOnPostgresRecoversUnfinishedJobsAndRunsAJob() throws IOException {
		String url = PostgresServer.shared().createDatabase("sparkway_server");
		JdbcClient database = JdbcClient
			.create(new DriverManagerDataSource(url, PostgresServer.USER, PostgresServer.PASSWORD));
		Path output = root.resolve("output");
		// A previous server process: it migrated the database and stopped with one job running, one queued.
		Flyway.configure().dataSource(url, PostgresServer.USER, PostgresServer.PASSWORD).load().migrate();
		JobStore previous = new JobStore(database, json);
		previous.insert(Job.queued("job-left-running", "retail-sales", Map.of("salesPath", "demo/sales.csv"), 60,
				"ci", null));
		previous.start("job-left-running", Instant.now());
		Files.createDirectories(output.resolve("job-left-running/daily_sales/_temporary"));
		previous.insert(Job.queued("job-left-queued", "retail-sales", Map.of("salesPath", "demo/sales.csv"), 60,
				"ci", null));
		Files.createDirectories(root.resolve("input/fixtures"));
		Files.writeString(root.resolve("input/fixtures/sales.csv"), SALES);

		try (ConfigurableApplicationContext server = new SpringApplicationBuilder(SparkwayApplication.class)
			.run(arguments(url, root))) {
			RestClient http = RestClient.builder()
				.baseUrl("http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port"))
				.build();

			JsonNode health = get(http, "/actuator/health");
			assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
			assertThat(health.at("/components/db/details/database").asText()).isEqualTo("PostgreSQL");

			JsonNode wasRunning = get(http, "/api/v1/jobs/job-left-running");
			assertThat(wasRunning.get("status").asText()).isEqualTo("FAILED");
			assertThat(wasRunning.at("/error/type").asText()).isEqualTo("INTERRUPTED");
			assertThat(wasRunning.at("/error/message").asText())
				.isEqualTo("The server stopped while the job was running; submit it again.");
			assertThat(output.resolve("job-left-running")).as("half-written output removed").doesNotExist();
			JsonNode wasQueued = get(http, "/api/v1/jobs/job-left-queued");
			assertThat(wasQueued.get("status").asText()).isEqualTo("FAILED");
			assertThat(wasQueued.at("/error/message").asText())
				.isEqualTo("The server stopped while the job was queued; submit it again.");

			String body = "{\"pipeline\":\"retail-sales\",\"params\":{\"salesPath\":\"fixtures/sales.csv\"}}";
			JsonNode submitted = submit(http, body, 202);
			String id = submitted.get("id").asText();
			assertThat(submit(http, body, 200).get("id").asText()).as("the same Idempotency-Key and body")
				.isEqualTo(id);

			AtomicReference<JsonNode> job = new AtomicReference<>();
			Poll.until(Duration.ofMinutes(3), "job " + id + " ends", () -> {
				job.set(get(http, "/api/v1/jobs/" + id));
				return List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(job.get().get("status").asText());
			});
			assertThat(job.get().get("status").asText()).as("job %s", job.get()).isEqualTo("SUCCEEDED");
			// 5 rows read; T5's quantity "two" is rejected.
			assertThat(job.get().at("/summary/inputRows").asLong()).isEqualTo(5);
			assertThat(job.get().at("/summary/rejectedRows").asLong()).isEqualTo(1);
			assertThat(job.get().get("startedAt").isNull()).isFalse();
			assertThat(job.get().get("finishedAt").isNull()).isFalse();

			JsonNode daily = get(http, "/api/v1/jobs/" + id + "/outputs/daily_sales/preview?limit=10").get("rows");
			assertThat(daily).hasSize(3);
			assertDaily(daily.get(0), "S1", "2024-05-01", 2 * 10.0 + 1 * 4.5, 2);
			assertDaily(daily.get(1), "S1", "2024-05-02", 3 * 10.0, 1);
			assertDaily(daily.get(2), "S2", "2024-05-01", 5 * 2.0, 1);

			JsonNode list = get(http, "/api/v1/jobs?status=SUCCEEDED&pipeline=retail-sales");
			assertThat(list.get("total").asLong()).isEqualTo(1);
			assertThat(list.at("/items/0/id").asText()).isEqualTo(id);
			assertThat(get(http, "/api/v1/jobs?status=FAILED").get("total").asLong()).isEqualTo(2);
			assertThat(database.sql("SELECT status FROM job WHERE id = :id").param("id", id).query(String.class)
				.single()).as("the record is in PostgreSQL").isEqualTo("SUCCEEDED");
		}

		assertThat(database.sql("SELECT COUNT(*) FROM job WHERE status IN ('QUEUED', 'RUNNING')")
			.query(Long.class)
			.single()).as("unfinished records after a clean stop").isZero();
	}

	private static String[] arguments(String url, Path root) {
		return new String[] { "--spring.datasource.url=" + url, "--spring.datasource.username=" + PostgresServer.USER,
				"--spring.datasource.password=" + PostgresServer.PASSWORD, "--server.port=0",
				"--sparkway.storage.input-root=" + root.resolve("input"),
				"--sparkway.storage.output-root=" + root.resolve("output"), "--sparkway.spark.master=local[2]",
				"--sparkway.spark.conf.spark.ui.enabled=false", "--sparkway.spark.conf.spark.sql.shuffle.partitions=2",
				"--sparkway.spark.conf.spark.sql.warehouse.dir=" + root.resolve("warehouse"),
				"--sparkway.demo-data.enabled=false", "--sparkway.security.enabled=false" };
	}

	private JsonNode submit(RestClient http, String body, int expectedStatus) {
		return http.post()
			.uri("/api/v1/jobs")
			.header("Idempotency-Key", "postgres-end-to-end")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange((request, response) -> {
				String text = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
				assertThat(response.getStatusCode().value()).as("submit answer: %s", text).isEqualTo(expectedStatus);
				return json.readTree(text);
			});
	}

	private JsonNode get(RestClient http, String path) {
		return http.get().uri(path).exchange((request, response) -> {
			String text = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(response.getStatusCode().value()).as("GET %s: %s", path, text).isEqualTo(200);
			return json.readTree(text);
		});
	}

	private static void assertDaily(JsonNode row, String store, String date, double sales, long transactions) {
		assertThat(row.get("StoreID").asText()).isEqualTo(store);
		assertThat(row.get("SaleDate").asText()).isEqualTo(date);
		assertThat(row.get("TotalDailySales").asDouble()).isCloseTo(sales, within(1e-9));
		assertThat(row.get("TotalDailyTransactions").asLong()).isEqualTo(transactions);
	}

}
