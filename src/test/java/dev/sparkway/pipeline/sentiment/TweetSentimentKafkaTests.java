package dev.sparkway.pipeline.sentiment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.support.IntegrationTest;
import dev.sparkway.support.KafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.sparkway.pipeline.sentiment.TweetSentimentPipelineTests.rows;
import static dev.sparkway.pipeline.sentiment.TweetSentimentPipelineTests.tweet;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * tweet-sentiment reading a real Kafka broker: a single-node KRaft broker in a JVM of its own, started here from
 * Maven Central artifacts and stopped here, whatever the outcome.
 */
class TweetSentimentKafkaTests extends IntegrationTest {

	private static KafkaBroker broker;

	@BeforeAll
	static void startBroker() throws Exception {
		broker = KafkaBroker.start(Path.of("target", "kafka", UUID.randomUUID().toString()),
				Duration.ofSeconds(90));
	}

	@AfterAll
	static void stopBroker() {
		if (broker != null) {
			broker.close();
			assertThat(broker.isAlive()).as("broker process stopped").isFalse();
		}
	}

	@Test
	void countsTweetsReadFromATopicFromTheEarliestOffset() throws Exception {
		String topic = "tweets-" + System.nanoTime();
		try (Admin admin = broker.admin()) {
			admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		Properties config = new Properties();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.address());
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
			for (String value : List.of(tweet("Wed Oct 25 10:00:00 +0000 2023", "1", "happy hour"),
					tweet("Wed Oct 25 10:01:00 +0000 2023", "2", "HAPPY but sad"),
					tweet("Wed Oct 25 10:02:00 +0000 2023", "3", "bad news"),
					tweet("Wed Oct 25 10:06:00 +0000 2023", "4", "on the train"),
					"not json at all",
					tweet("Wed Oct 25 25:00:00 +0000 2023", "6", "happy, at an hour that does not exist"))) {
				producer.send(new ProducerRecord<>(topic, value)).get(30, TimeUnit.SECONDS);
			}
			// A record without a value (a tombstone) is no tweet either.
			producer.send(new ProducerRecord<>(topic, "key", null)).get(30, TimeUnit.SECONDS);
		}

		JsonNode job = runToSuccess(TweetSentimentPipeline.NAME, Map.of("source", "kafka", "topic", topic,
				"bootstrapServers", KafkaBroker.address(), "startingOffsets", "earliest", "trigger", "availableNow"));

		assertThat(job.at("/summary/inputRows").asLong()).isEqualTo(7);
		assertThat(job.at("/streaming/rejectedRows").asLong()).isEqualTo(3);
		assertThat(rows(previewRows(job.get("id").asText(), "window_counts"))).containsExactly(
				"2023-10-25T10:00:00Z 2023-10-25T10:05:00Z negative 1",
				"2023-10-25T10:00:00Z 2023-10-25T10:05:00Z positive 2",
				"2023-10-25T10:05:00Z 2023-10-25T10:10:00Z neutral 1");
	}

	@Test
	void aBootstrapServerOutsideTheAllowlistIsRefused() {
		Reply reply = post("/api/v1/jobs", """
				{"pipeline": "tweet-sentiment", "params": {"source": "kafka", "topic": "tweets",
				 "bootstrapServers": "%s,10.0.0.1:9092"}}""".formatted(KafkaBroker.address())).expect(400);

		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.body().get("errors")).hasSize(1);
		assertThat(reply.body().at("/errors/0/field").asText()).isEqualTo("params.bootstrapServers");
		assertThat(reply.body().at("/errors/0/message").asText())
			.isEqualTo("'10.0.0.1:9092' is not an allowed bootstrap server; allowed: " + KafkaBroker.address());
	}

}
