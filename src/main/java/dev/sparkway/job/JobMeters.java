package dev.sparkway.job;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.sparkway.spark.SparkSessionHolder;
import dev.sparkway.spark.StreamingStatus;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Sparkway's own Prometheus figures (served at {@code /actuator/prometheus}): job counters and the duration
 * histogram fed from {@link JobEvent}s, gauges read from the executor, the session holder and the event streams
 * when scraped, and the rates of each running stream. The one place that knows the metric names of jobs.
 */
@Component
public class JobMeters {

	private final MeterRegistry registry;

	/** Latest figures of each running stream, and the gauges that read them. */
	private final Map<String, StreamingStatus> streams = new ConcurrentHashMap<>();

	private final Map<String, Meter[]> streamGauges = new ConcurrentHashMap<>();

	JobMeters(MeterRegistry registry, JobExecutor executor, SparkSessionHolder spark, JobEventStreams eventStreams) {
		this.registry = registry;
		for (JobOutcome.Mode mode : JobOutcome.Mode.values()) {
			Gauge.builder("sparkway.jobs.running", executor, e -> e.running(mode))
				.description("Jobs running now")
				.tag("mode", mode.name().toLowerCase(Locale.ROOT))
				.register(registry);
		}
		Gauge.builder("sparkway.jobs.queued", executor, JobExecutor::queued)
			.description("Jobs admitted and waiting for a run thread")
			.register(registry);
		Gauge.builder("sparkway.queue.capacity", executor, JobExecutor::queueCapacity)
			.description("Places in the batch queue (sparkway.jobs.queue-capacity)")
			.register(registry);
		Gauge.builder("sparkway.spark.session.up", spark,
				holder -> holder.state() == SparkSessionHolder.State.RUNNING ? 1 : 0)
			.description("1 while the Spark session is usable, 0 while it is rebuilt or stopped")
			.register(registry);
		FunctionCounter.builder("sparkway.spark.session.rebuilds", spark, SparkSessionHolder::rebuilds)
			.description("Spark sessions built again after a lost context")
			.register(registry);
		Gauge.builder("sparkway.event.streams.open", eventStreams, JobEventStreams::openStreams)
			.description("Server-Sent Event streams open now")
			.register(registry);
	}

	@EventListener
	void on(JobEvent.Transition event) {
		String pipeline = event.pipeline();
		if (event.status() == JobStatus.QUEUED) {
			Counter.builder("sparkway.jobs.submitted")
				.description("Jobs accepted")
				.tag("pipeline", pipeline)
				.register(registry)
				.increment();
		}
		if (!event.status().isEnded()) {
			return;
		}
		String status = event.status().name();
		String errorType = event.error() == null || event.error().type() == null ? "none"
				: event.error().type().name();
		Counter.builder("sparkway.jobs.finished")
			.description("Jobs ended, by status and error type")
			.tags("pipeline", pipeline, "status", status, "error_type", errorType)
			.register(registry)
			.increment();
		if (event.durationMs() != null) {
			Timer.builder("sparkway.job.duration")
				.description("Run time of ended jobs")
				.tags("pipeline", pipeline, "status", status)
				.publishPercentileHistogram()
				.register(registry)
				.record(event.durationMs(), TimeUnit.MILLISECONDS);
		}
		streams.remove(event.jobId());
		Meter[] gauges = streamGauges.remove(event.jobId());
		if (gauges != null) {
			for (Meter gauge : gauges) {
				registry.remove(gauge);
			}
		}
	}

	@EventListener
	void on(JobEvent.Progress event) {
		if (event.streaming() == null) {
			return;
		}
		String jobId = event.jobId();
		streams.put(jobId, event.streaming());
		streamGauges.computeIfAbsent(jobId, id -> new Meter[] {
				Gauge.builder("sparkway.stream.input.rows.per.second", streams, s -> rate(s.get(id), true))
					.description("Rows per second arriving at a running stream (its latest micro-batch)")
					.tags("job", id, "pipeline", event.pipeline())
					.register(registry),
				Gauge.builder("sparkway.stream.processed.rows.per.second", streams, s -> rate(s.get(id), false))
					.description("Rows per second a running stream processed (its latest micro-batch)")
					.tags("job", id, "pipeline", event.pipeline())
					.register(registry) });
	}

	private static double rate(StreamingStatus status, boolean input) {
		if (status == null) {
			return Double.NaN;
		}
		return input ? status.inputRowsPerSecond() : status.processedRowsPerSecond();
	}

}
