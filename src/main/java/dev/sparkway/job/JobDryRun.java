package dev.sparkway.job;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sparkway.dataset.DiskUsage;
import dev.sparkway.dataset.InvalidInputPathException;
import dev.sparkway.pipeline.BatchPipeline;
import dev.sparkway.pipeline.PipelineContext;
import dev.sparkway.pipeline.PipelineParams;
import dev.sparkway.spark.JobSessions;
import dev.sparkway.spark.PlanOnly;
import io.swagger.v3.oas.annotations.media.Schema;
import org.apache.spark.sql.SparkSession;

import org.springframework.stereotype.Component;

/**
 * A submission checked and planned but not run ({@code POST /api/v1/jobs?dryRun=true}): the same validation as a
 * submission, then the pipeline runs on a {@link PlanOnly} session, where writing an output records the physical
 * plan Spark would run for it and nothing is executed or recorded. A streaming pipeline is validated only: its
 * query cannot be planned without starting it.
 */
@Component
class JobDryRun {

	/** A request thread answers 503 rather than wait long for a session being rebuilt. */
	private static final Duration SESSION_WAIT = Duration.ofSeconds(10);

	private final JobService jobs;

	private final JobSessions sessions;

	JobDryRun(JobService jobs, JobSessions sessions) {
		this.jobs = jobs;
		this.sessions = sessions;
	}

	DryRun plan(JobService.Submission submission) throws Exception {
		JobService.Validated checked = jobs.validate(submission);
		PipelineParams params = checked.params();
		List<Input> inputs = new ArrayList<>();
		params.inputs().forEach((name, path) -> inputs.add(new Input((String) params.values().get(name), bytes(path))));
		List<OutputPlan> plans = new ArrayList<>();
		if (checked.pipeline() instanceof BatchPipeline batch) {
			SparkSession session = PlanOnly.mark(sessions.newSession(SESSION_WAIT));
			// Never written: a plan-only run writes nothing.
			PipelineContext context = new PipelineContext("dry-run", session, params,
					Path.of(System.getProperty("java.io.tmpdir"), "sparkway-dry-run"));
			batch.run(context);
			context.plans().forEach((output, plan) -> plans.add(new OutputPlan(output, plan)));
		}
		return new DryRun(checked.pipeline().name(), params.values(), inputs, plans);
	}

	/** A file's size, or the total of a folder's files. */
	private static long bytes(Path path) {
		try {
			return DiskUsage.bytes(path);
		}
		catch (IOException ex) {
			throw new InvalidInputPathException("'" + path.getFileName() + "' cannot be read: " + ex.getMessage());
		}
	}

	@Schema(description = "What a submission would run, checked and planned without running it.")
	record DryRun(@Schema(description = "Always true: nothing ran and no job was recorded") @JsonProperty("dryRun") boolean dryRun,
			@Schema(example = "retail-sales") String pipeline,
			@Schema(description = "The effective parameters: the given ones with defaults filled in",
					example = """
							{"salesPath": "demo/sales.csv", "activityPath": "demo/activity.csv", "riskThreshold": 1.5, "badRecords": "drop"}""")
			Map<String, Object> params,
			@Schema(description = "The input files (a folder: all its files) the job would read") List<Input> inputs,
			@Schema(description = "Per output, the physical plan Spark would run (before adaptive re-planning); "
					+ "empty for a streaming pipeline") List<OutputPlan> plans) {

		DryRun(String pipeline, Map<String, Object> params, List<Input> inputs, List<OutputPlan> plans) {
			this(true, pipeline, params, inputs, plans);
		}

	}

	record Input(@Schema(description = "As given (or defaulted), relative to the input root", example = "demo/sales.csv") String path,
			@Schema(description = "Size in bytes", example = "1048576") long bytes) {
	}

	record OutputPlan(@Schema(example = "daily_sales") String output,
			@Schema(description = "Spark's physical plan (tree string)") String plan) {
	}

}
