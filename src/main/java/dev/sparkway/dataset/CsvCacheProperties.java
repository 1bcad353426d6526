package dev.sparkway.dataset;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The CSV parse cache: typed rows of parsed CSV files kept as Parquet, keyed by the file's identity.
 *
 * @param enabled whether parsed CSV files are kept and reused at all
 * @param maxSize the most the cache's entries may take on disk; the least recently used go first
 * @param location where the entries are kept; empty: {@code csv-cache} next to the output root
 * ({@code ./data/csv-cache} by default)
 */
@Validated
@ConfigurationProperties("sparkway.storage.csv-cache")
public record CsvCacheProperties(@DefaultValue("true") boolean enabled, @DefaultValue("2GB") @NotNull DataSize maxSize,
		Path location) {

	/** The folder of the entries, given the storage settings. */
	Path folder(StorageProperties storage) {
		Path folder = location != null ? location : storage.outputRoot().resolveSibling("csv-cache");
		return folder.toAbsolutePath().normalize();
	}

}
