package dev.sparkway.job;

import dev.sparkway.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live job events over HTTP, as Server-Sent Events ({@code text/event-stream}).
 */
@RestController
@Tag(name = "Job events", description = "Follow jobs live, pushed by the server (Server-Sent Events)")
class JobEventsController {

	private static final String EVENTS = """
			Each event is `event: job`, `id: <n>` (increasing) and `data: <the job, exactly the JSON of \
			GET /api/v1/jobs/{id}>`: one per state change and per progress change (at most about 4 a second per \
			job). A comment line `: keep-alive` comes at least every 15 s. Browsers: EventSource cannot send the \
			API key, so read the stream with fetch (X-API-Key header) and a stream reader; see docs/http-api.md.""";

	private final JobEventStreams streams;

	JobEventsController(JobEventStreams streams) {
		this.streams = streams;
	}

	@GetMapping(path = "/api/v1/jobs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "Follow a job live",
			description = "The job as it is now, at once; then one event per change; the last event is the ended "
					+ "job, after which the server closes the stream (for a job that already ended: that one event, "
					+ "then close). A reconnect with Last-Event-ID starts with the job as it is now, its ids going on "
					+ "from there. " + EVENTS)
	@ApiResponse(responseCode = "200", description = "The event stream",
			content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
					schema = @Schema(type = "string", example = """
							event: job
							id: 1
							data: {"id":"3f1c9a6e-…","pipeline":"retail-sales","status":"RUNNING","progress":{"fraction":0.42,…,"etaSeconds":7},…}
							""")))
	@ProblemResponses.NotFound
	@ProblemResponses.Unavailable
	SseEmitter job(@PathVariable String id,
			@Parameter(description = "The id of the last event a reconnecting client received")
			@RequestHeader(name = "Last-Event-ID", required = false) Long lastEventId) {
		return streams.follow(id, lastEventId);
	}

	@GetMapping(path = "/api/v1/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "Follow every job live",
			description = "The same job events for every job (optionally one pipeline's, or only events that "
					+ "show a job in the given status); the stream does not end. It starts with a comment "
					+ "(`: connected`), not with the current jobs: read GET /api/v1/jobs once connected (and after a "
					+ "reconnect) for the jobs as they are. " + EVENTS)
	@ApiResponse(responseCode = "200", description = "The event stream",
			content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
	@ProblemResponses.BadRequest
	@ProblemResponses.Unavailable
	SseEmitter all(@Parameter(description = "Only this pipeline's jobs") @RequestParam(required = false) String pipeline,
			@Parameter(description = "Only events showing a job in this status") @RequestParam(required = false) JobStatus status,
			@Parameter(description = "The id of the last event a reconnecting client received")
			@RequestHeader(name = "Last-Event-ID", required = false) Long lastEventId) {
		return streams.followAll(pipeline, status, lastEventId);
	}

}
