package dev.sparkway.job;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** One line per transition, in the format operators grep for. */
@ExtendWith(OutputCaptureExtension.class)
class JobTransitionLogTests {

	private final JobTransitionLog log = new JobTransitionLog();

	@Test
	void aTransitionIsOneLineWithItsDurationDetailsAndError(CapturedOutput output) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("batches", 3);
		details.put("inputRows", 120);
		log.onTransition(new JobEvent.Transition("job-1", "tweet-sentiment", JobStatus.FAILED, 4572L,
				new JobError(JobErrorType.TIMEOUT, "Stopped after its timeout of 60 s"), details));
		log.onTransition(new JobEvent.Transition("job-2", "retail-sales", JobStatus.QUEUED, null, null, null));

		assertThat(output).contains("WARN").contains("job=job-1 pipeline=tweet-sentiment status=FAILED durationMs=4572 "
				+ "batches=3 inputRows=120 error=TIMEOUT message=\"Stopped after its timeout of 60 s\"");
		assertThat(output.getOut().lines().filter(line -> line.contains("job=job-2")))
			.singleElement()
			.satisfies(line -> assertThat(line).contains("INFO").endsWith("job=job-2 pipeline=retail-sales status=QUEUED"));
	}

}
