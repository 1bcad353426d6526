package dev.sparkway.pipeline.sentiment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.sparkway.pipeline.OutputSpec;
import dev.sparkway.pipeline.ParameterError;
import dev.sparkway.pipeline.ParameterSpec;
import dev.sparkway.pipeline.PipelineContext;
import dev.sparkway.pipeline.PipelineOutput;
import dev.sparkway.pipeline.PipelineParams;
import dev.sparkway.pipeline.StreamingPipeline;
import dev.sparkway.pipeline.StreamingRun;
import dev.sparkway.spark.StreamingFigures;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import org.springframework.stereotype.Component;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.window;

/**
 * Streaming tweet sentiment (the seed's Project Example 4): tweets as JSON records from JSON-lines files or a Kafka
 * topic, a sentiment per tweet from its text, and counts per event-time window and sentiment, kept current after
 * every micro-batch in {@code window_counts}.
 */
@Component
public class TweetSentimentPipeline implements StreamingPipeline {

	public static final String NAME = "tweet-sentiment";

	static final String FILES = "files";

	static final String KAFKA = "kafka";

	static final String PROCESSING_TIME = "processingTime";

	static final String AVAILABLE_NOW = "availableNow";

	/** The record's fields; anything else in it is ignored. */
	static final StructType TWEET = new StructType().add("created_at", DataTypes.StringType)
		.add("id_str", DataTypes.StringType)
		.add("text", DataTypes.StringType);

	/** Kafka's own rule for topic names. */
	private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

	private final StreamingSourceProperties properties;

	TweetSentimentPipeline(StreamingSourceProperties properties) {
		this.properties = properties;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String description() {
		return "Streaming: tweets (JSON with created_at, id_str, text) from JSON-lines files or a Kafka topic, "
				+ "counted per event-time window and sentiment (positive, negative, neutral by keywords in the text). "
				+ "Runs until cancelled, or with trigger=availableNow until its input is drained.";
	}

	@Override
	public List<ParameterSpec> parameters() {
		return List.of(ParameterSpec.choice("source", FILES, "Where tweets come from.", FILES, KAFKA),
				ParameterSpec.folder("path", "demo/tweets/",
						"source=files: folder of JSON-lines files under the input root; new files are picked up "
								+ "as they appear (move them in whole)."),
				ParameterSpec.integer("maxFilesPerTrigger", null, 1, 100_000,
						"source=files: at most this many new files per micro-batch (default: all new files)."),
				ParameterSpec.text("topic", null, "source=kafka: the topic to read (required with kafka)."),
				ParameterSpec.text("bootstrapServers", null,
						"source=kafka: host:port[,host:port...], each in sparkway.streaming.kafka.allowed-bootstrap-servers "
								+ "(required with kafka)."),
				ParameterSpec.choice("startingOffsets", "latest", "source=kafka: where a new job starts reading.",
						"latest", "earliest"),
				ParameterSpec.text("watermark", "10 minutes",
						"Records older than the latest event time seen minus this are dropped as late."),
				ParameterSpec.text("windowDuration", "5 minutes", "Length of the tumbling event-time windows."),
				ParameterSpec.choice("trigger", PROCESSING_TIME,
						"processingTime: a micro-batch every triggerInterval until cancelled; availableNow: process "
								+ "what is there, then end SUCCEEDED.",
						PROCESSING_TIME, AVAILABLE_NOW),
				ParameterSpec.text("triggerInterval", "10 seconds",
						"trigger=processingTime: time between micro-batches (at least 1 second)."));
	}

	@Override
	public List<OutputSpec> outputs() {
		return List.of(OutputSpec.parquet(WindowCountsTable.NAME, "WindowStart", "Sentiment"));
	}

	@Override
	public boolean uses(String parameter, Map<String, Object> values) {
		return !"path".equals(parameter) || !KAFKA.equals(values.get("source"));
	}

	@Override
	public List<ParameterError> check(Map<String, Object> values) {
		List<ParameterError> errors = new ArrayList<>();
		checkInterval(values, "watermark", Duration.ZERO, errors);
		checkInterval(values, "windowDuration", Duration.ofSeconds(1), errors);
		checkInterval(values, "triggerInterval", Duration.ofSeconds(1), errors);
		if (!KAFKA.equals(values.get("source"))) {
			return errors;
		}
		String topic = (String) values.get("topic");
		if (topic == null) {
			errors.add(new ParameterError("params.topic", "is required when source is kafka"));
		}
		else if (!TOPIC.matcher(topic).matches()) {
			errors.add(new ParameterError("params.topic",
					"must be a Kafka topic name: 1 to 249 letters, digits, '.', '_' or '-'"));
		}
		String servers = (String) values.get("bootstrapServers");
		List<String> allowed = properties.kafka().allowedBootstrapServers();
		if (servers == null) {
			errors.add(new ParameterError("params.bootstrapServers", "is required when source is kafka"));
		}
		else if (allowed.isEmpty()) {
			errors.add(new ParameterError("params.bootstrapServers",
					"no Kafka bootstrap server is allowed on this server (sparkway.streaming.kafka.allowed-bootstrap-servers is empty)"));
		}
		else {
			for (String server : servers.split(",", -1)) {
				if (!allowed.contains(server.trim().toLowerCase(java.util.Locale.ROOT))) {
					errors.add(new ParameterError("params.bootstrapServers", "'" + server.trim()
							+ "' is not an allowed bootstrap server; allowed: " + String.join(", ", allowed)));
				}
			}
		}
		return errors;
	}

	private static void checkInterval(Map<String, Object> values, String name, Duration minimum,
			List<ParameterError> errors) {
		Object value = values.get(name);
		if (value == null) {
			return;
		}
		Duration length = Interval.parse((String) value);
		if (length == null) {
			errors.add(new ParameterError("params." + name,
					"must be an interval such as '10 minutes' or '1 hour 30 minutes' (units: second, minute, hour, day)"));
		}
		else if (length.compareTo(minimum) < 0) {
			errors.add(new ParameterError("params." + name, "must be at least " + minimum.toSeconds() + " s"));
		}
	}

	@Override
	public StreamingRun start(PipelineContext context) throws Exception {
		PipelineParams params = context.params();
		SparkSession spark = context.session();
		// Streaming queries run without AQE anyway; Spark warns about it on every start otherwise.
		spark.conf().set("spark.sql.adaptive.enabled", "false");
		Dataset<Row> tweets = tweets(records(spark, params));
		Dataset<Row> counts = tweets.withWatermark("event_time", params.string("watermark"))
			.groupBy(window(col("event_time"), params.string("windowDuration")), col("sentiment"))
			.count();

		WindowCountsTable table = new WindowCountsTable(context);
		table.create();
		StreamingQuery query = counts.writeStream()
			.queryName(NAME + " " + context.jobId())
			.outputMode("update")
			.option("checkpointLocation", context.outputPath("checkpoint").toUri().toString())
			.trigger(AVAILABLE_NOW.equals(params.string("trigger")) ? Trigger.AvailableNow()
					: Trigger.ProcessingTime(params.string("triggerInterval")))
			.foreachBatch((VoidFunction2<Dataset<Row>, Long>) table::merge)
			.start();
		return new StreamingRun() {

			@Override
			public StreamingQuery query() {
				return query;
			}

			@Override
			public List<PipelineOutput> outputs() {
				return List.of(table.output());
			}

			@Override
			public void close() {
				table.close();
			}

		};
	}

	/** One text record per tweet, in column {@code value}: a line of a file or a Kafka record's value. */
	private static Dataset<Row> records(SparkSession spark, PipelineParams params) {
		if (KAFKA.equals(params.string("source"))) {
			return spark.readStream()
				.format("kafka")
				.option("kafka.bootstrap.servers", params.string("bootstrapServers"))
				.option("subscribe", params.string("topic"))
				.option("startingOffsets", params.string("startingOffsets"))
				.load()
				.select(col("value").cast(DataTypes.StringType).as("value"));
		}
		DataStreamReader files = spark.readStream();
		Integer maxFiles = params.optionalInteger("maxFilesPerTrigger");
		if (maxFiles != null) {
			files = files.option("maxFilesPerTrigger", maxFiles.longValue());
		}
		// Blank lines are no records; a line that is anything but a JSON object is a rejected one.
		return files.text(params.path("path").toUri().toString()).filter(trim(col("value")).notEqual(""));
	}

	/**
	 * Parsed tweets with {@code event_time} and {@code sentiment}; records that are not JSON objects or whose
	 * {@code created_at} does not parse are counted as rejected (observed) and dropped.
	 */
	static Dataset<Row> tweets(Dataset<Row> records) {
		return records.select(from_json(col("value"), TWEET).as("tweet"))
			.select(col("tweet.created_at").as("created_at"), col("tweet.id_str").as("id_str"),
					col("tweet.text").as("text"))
			.withColumn("event_time", eventTime(col("created_at")))
			.observe(StreamingFigures.INPUT_OBSERVATION,
					count(when(col("event_time").isNull(), lit(1))).as(StreamingFigures.REJECTED_ROWS))
			.filter(col("event_time").isNotNull())
			.withColumn("sentiment", sentiment(col("text")));
	}

	/**
	 * {@code created_at} as written by Twitter, {@code EEE MMM dd HH:mm:ss Z yyyy} (e.g.
	 * {@code Wed Oct 25 10:00:00 +0000 2023}), as a timestamp; null if it does not parse. Spark 3 refuses the
	 * day-of-week letter {@code E} in parsing patterns, so the rest is parsed and the day name is checked against
	 * the date it names (in the record's own offset), as java.time's strict parsing of {@code EEE} would.
	 */
	static Column eventTime(Column createdAt) {
		Column instant = to_timestamp(substring(createdAt, 5, Integer.MAX_VALUE), "MMM dd HH:mm:ss Z yyyy");
		Column localDate = to_date(concat_ws(" ", substring(createdAt, 5, 6), substring(createdAt, -4, 4)),
				"MMM dd yyyy");
		Column dayMatches = substring(createdAt, 4, 1).equalTo(" ")
			.and(lower(substring(createdAt, 1, 3)).equalTo(lower(date_format(localDate, "EEE"))));
		return when(dayMatches, instant);
	}

	/**
	 * The seed's rule, as a column expression: {@code positive} if the lower-cased text contains happy, good or
	 * excellent (anywhere, even inside a word); else {@code negative} if it contains sad, bad or terrible; else
	 * {@code neutral} (also for a missing text).
	 */
	static Column sentiment(Column text) {
		Column lowered = lower(text);
		return when(containsAny(lowered, "happy", "good", "excellent"), lit("positive"))
			.when(containsAny(lowered, "sad", "bad", "terrible"), lit("negative"))
			.otherwise(lit("neutral"));
	}

	private static Column containsAny(Column text, String... words) {
		Column any = lit(false);
		for (String word : words) {
			any = any.or(text.contains(word));
		}
		return any;
	}

}
