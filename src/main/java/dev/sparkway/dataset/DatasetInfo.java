package dev.sparkway.dataset;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A CSV file under the input root.
 *
 * @param path relative to the input root; what job parameters take
 * @param size bytes
 * @param columns the header's column names (empty when the header cannot be read)
 */
@Schema(description = "A CSV file under the input root")
public record DatasetInfo(@Schema(example = "uploads/my-sales.csv") String path, @Schema(example = "5123456") long size,
		@Schema(example = "[\"TransactionID\", \"Timestamp\", \"StoreID\"]") List<String> columns) {

}
