package dev.sparkway.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.sparkway.pipeline.PipelineRegistry;
import dev.sparkway.pipeline.StreamingPipeline;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code progress.etaSeconds}: how long a queued or running batch job still needs, learned from the pipeline's
 * latest {@value #HISTORY} SUCCEEDED runs (reuses excluded).
 * <p>
 * Each earlier run gives a pace, its run time per input byte (the sizes its {@code inputs} recorded); the median
 * pace times this job's input bytes is the expected run time, and the ETA is that times the fraction not done
 * yet ({@code 1 - progress.fraction}), rounded to whole seconds. Where sizes are missing (a job not started yet
 * has not identified its inputs), the median run time stands in. Null without a run to learn from, for streams
 * (they run until stopped) and for ended jobs.
 */
@Component
class EtaEstimator {

	static final int HISTORY = 10;

	/** A run that ended elsewhere (another replica, a deletion) is taken up within this. */
	private static final Duration CACHE = Duration.ofMinutes(1);

	private final JobStore store;

	private final PipelineRegistry pipelines;

	private final Map<String, History> histories = new ConcurrentHashMap<>();

	EtaEstimator(JobStore store, PipelineRegistry pipelines) {
		this.store = store;
		this.pipelines = pipelines;
	}

	/** The job with its estimate filled in (where there is one). */
	Job withEta(Job job) {
		Long eta = etaSeconds(job);
		return eta == null ? job : job.withLive(job.progress().withEtaSeconds(eta), job.metrics());
	}

	Long etaSeconds(Job job) {
		if (job.status().isEnded() || isStream(job.pipeline())) {
			return null;
		}
		List<Run> runs = history(job.pipeline());
		if (runs.isEmpty()) {
			return null;
		}
		long bytes = inputBytes(job.inputs().values());
		List<Double> paces = runs.stream().filter(r -> r.bytes > 0).map(r -> (double) r.millis / r.bytes).toList();
		double expectedMs = bytes > 0 && !paces.isEmpty() ? median(paces) * bytes
				: median(runs.stream().map(r -> (double) r.millis).toList());
		double left = 1.0 - Math.min(1.0, Math.max(0.0, job.progress().fraction()));
		return Math.round(expectedMs * left / 1000.0);
	}

	/** A new SUCCEEDED run of a pipeline is history at once. */
	@EventListener
	void on(JobEvent.Transition transition) {
		if (transition.status() == JobStatus.SUCCEEDED) {
			histories.remove(transition.pipeline());
		}
	}

	private List<Run> history(String pipeline) {
		long now = System.nanoTime();
		History cached = histories.get(pipeline);
		if (cached == null || now - cached.loadedAt > CACHE.toNanos()) {
			List<Run> runs = new ArrayList<>();
			for (Job run : store.succeededRuns(pipeline, HISTORY)) {
				runs.add(new Run(run.durationMs(run.finishedAt()), inputBytes(run.inputs().values())));
			}
			cached = new History(List.copyOf(runs), now);
			histories.put(pipeline, cached);
		}
		return cached.runs;
	}

	private boolean isStream(String pipeline) {
		return pipelines.all().stream().anyMatch(p -> p.name().equals(pipeline) && p instanceof StreamingPipeline);
	}

	/** The sizes in a job's recorded inputs: a file's identity, or a folder's list of them. */
	static long inputBytes(Collection<?> identities) {
		long bytes = 0;
		for (Object identity : identities) {
			if (identity instanceof Map<?, ?> file && file.get("size") instanceof Number size) {
				bytes += size.longValue();
			}
			else if (identity instanceof Collection<?> folder) {
				bytes += inputBytes(folder);
			}
		}
		return bytes;
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	private record Run(long millis, long bytes) {
	}

	private record History(List<Run> runs, long loadedAt) {
	}

}
