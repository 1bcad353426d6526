package dev.sparkway.job;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.sparkway.pipeline.InvalidParametersException;
import dev.sparkway.pipeline.ParameterError;
import dev.sparkway.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every row of a job's output over HTTP: by page with a cursor, or as one download. The same 404/409 rules as the
 * preview ({@link JobService#previewTarget}).
 */
@RestController
@RequestMapping(path = "/api/v1/jobs/{id}/outputs/{output}")
@Tag(name = "Jobs")
class OutputRowsController {

	private static final String FILTER = "filter.";

	private static final Set<String> ROWS_PARAMETERS = Set.of("size", "cursor", "columns");

	private final JobService jobs;

	private final OutputPages pages;

	private final OutputDownloads downloads;

	OutputRowsController(JobService jobs, OutputPages pages, OutputDownloads downloads) {
		this.jobs = jobs;
		this.pages = pages;
		this.downloads = downloads;
	}

	@GetMapping(path = "/rows", produces = "application/json")
	@Operation(summary = "Page through an output's rows",
			description = "Every row of a Parquet output, in its natural order (the preview's), one page at a time: "
					+ "follow nextCursor (null on the last page) to get each row exactly once. Values render as in "
					+ "the preview. Filter with any number of filter.<Column>=<value> query parameters (ANDed; a "
					+ "row matches when its value reads exactly as given, e.g. filter.StoreID=0042, "
					+ "filter.SaleDate=2024-03-31, filter.TotalDailySales=20.0); totalRows counts the matching rows. "
					+ "A streaming job's outputs page while it runs and after it ended.")
	@ApiResponse(responseCode = "200", description = "One page")
	@ProblemResponses.BadRequest
	@ProblemResponses.NotFound
	@ProblemResponses.Conflict
	OutputPages.Page rows(
			@Parameter(description = JobApiExamples.JOB_ID, example = JobApiExamples.JOB_ID_EXAMPLE) @PathVariable String id,
			@Parameter(description = JobApiExamples.OUTPUT, example = JobApiExamples.OUTPUT_EXAMPLE) @PathVariable String output,
			@Parameter(description = "Rows per page, 1..10000") @RequestParam(defaultValue = "1000") @Min(1) @Max(OutputPages.MAX_SIZE) int size,
			@Parameter(description = "nextCursor of the previous page; absent for the first page") @RequestParam(required = false) String cursor,
			@Parameter(description = "Comma-separated columns to return, in this order; all by default") @RequestParam(required = false) String columns,
			@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query) {
		Map<String, List<String>> filters = new LinkedHashMap<>();
		List<ParameterError> unknown = new ArrayList<>();
		query.forEach((name, values) -> {
			if (name.startsWith(FILTER) && name.length() > FILTER.length()) {
				filters.put(name.substring(FILTER.length()), values);
			}
			else if (!ROWS_PARAMETERS.contains(name)) {
				unknown.add(new ParameterError(name, "unknown query parameter; the known ones are size, cursor, "
						+ "columns and filter.<Column>"));
			}
		});
		if (!unknown.isEmpty()) {
			throw new InvalidParametersException(unknown);
		}
		List<String> projection = columns == null ? null
				: Arrays.stream(columns.split(",", -1)).map(String::trim).toList();
		JobService.PreviewTarget target = jobs.previewTarget(id, output);
		boolean settled = jobs.get(id).status().isEnded();
		return pages.page(id, target.output(), target.order(),
				new OutputPages.Query(size, projection, filters, cursor), settled);
	}

	@GetMapping("/download")
	@Operation(summary = "Download a whole output",
			description = "Streams every row of a Parquet output in its natural order, with the preview's value "
					+ "rendering: format=csv is RFC 4180 with a header row (CRLF line ends; null is an empty field, "
					+ "an empty text is \"\"; arrays and structs as their JSON), format=jsonl is one JSON object per "
					+ "line. Sent as an attachment named <job id>-<output>.<format>. The server holds only a bounded "
					+ "piece of the output at a time, whatever its size. If reading fails midway the connection is "
					+ "cut, so a client never mistakes a partial file for a whole one.")
	@ApiResponse(responseCode = "200", description = "The whole output",
			content = { @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
					@Content(mediaType = "application/jsonl", schema = @Schema(type = "string")) })
	@ProblemResponses.BadRequest
	@ProblemResponses.NotFound
	@ProblemResponses.Conflict
	void download(
			@Parameter(description = JobApiExamples.JOB_ID, example = JobApiExamples.JOB_ID_EXAMPLE) @PathVariable String id,
			@Parameter(description = JobApiExamples.OUTPUT, example = JobApiExamples.OUTPUT_EXAMPLE) @PathVariable String output,
			@Parameter(description = "csv or jsonl") @RequestParam(defaultValue = "csv") String format,
			@Parameter(hidden = true) HttpServletResponse response) throws IOException {
		OutputDownloads.Format chosen = Arrays.stream(OutputDownloads.Format.values())
			.filter(f -> f.extension().equals(format))
			.findFirst()
			.orElseThrow(() -> new InvalidParametersException(List.of(new ParameterError("format",
					"'" + format + "' is not a download format; the formats are csv and jsonl"))));
		JobService.PreviewTarget target = jobs.previewTarget(id, output);
		response.setContentType(chosen.mediaType() + (chosen == OutputDownloads.Format.CSV ? "; charset=UTF-8" : ""));
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
			.filename(id + "-" + output + "." + chosen.extension())
			.build()
			.toString());
		downloads.write(target.output(), target.order(), chosen, response.getOutputStream());
	}

}
