package dev.sparkway.job;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * One log line per job transition: {@code job=… pipeline=… status=…}, then the run time, details and error where
 * there are any. A job that FAILED is logged at WARN, everything else at INFO.
 */
@Component
class JobTransitionLog {

	private static final Logger log = LoggerFactory.getLogger(JobTransitionLog.class);

	@EventListener
	void onTransition(JobEvent.Transition event) {
		StringBuilder line = new StringBuilder("job=").append(event.jobId())
			.append(" pipeline=")
			.append(event.pipeline())
			.append(" status=")
			.append(event.status());
		if (event.durationMs() != null) {
			line.append(" durationMs=").append(event.durationMs());
		}
		for (Map.Entry<String, Object> detail : event.details().entrySet()) {
			line.append(' ').append(detail.getKey()).append('=').append(detail.getValue());
		}
		if (event.error() != null) {
			line.append(" error=").append(event.error().type()).append(" message=\"").append(event.error().message())
				.append('"');
		}
		if (event.status() == JobStatus.FAILED) {
			log.warn(line.toString());
		}
		else {
			log.info(line.toString());
		}
	}

}
