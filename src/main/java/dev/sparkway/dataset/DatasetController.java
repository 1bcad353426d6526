package dev.sparkway.dataset;

import java.util.List;

import dev.sparkway.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Input datasets: upload CSV files, list what is there.
 */
@RestController
@RequestMapping(path = "/api/v1/datasets", produces = "application/json")
@Tag(name = "Datasets", description = "CSV files under the input root")
class DatasetController {

	private final DatasetService datasets;

	DatasetController(DatasetService datasets) {
		this.datasets = datasets;
	}

	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Upload a CSV file",
			description = "Stores it as uploads/<name>.csv under the input root; use that path in job parameters.")
	@ApiResponse(responseCode = "201", description = "Stored")
	@ProblemResponses.BadRequest
	@ProblemResponses.Conflict
	@ProblemResponses.TooLarge
	DatasetInfo upload(@RequestPart("file") MultipartFile file,
			@Parameter(description = "Letters, digits, '-' and '_'") @RequestParam("name") String name,
			@Parameter(description = "Replace an existing dataset of that name") @RequestParam(defaultValue = "false") boolean overwrite) {
		return datasets.upload(name, file, overwrite);
	}

	@GetMapping
	@Operation(summary = "List CSV files", description = "Every CSV file under the input root, with size and header.")
	@ApiResponse(responseCode = "200", description = "The files")
	List<DatasetInfo> list() {
		return datasets.list();
	}

}
