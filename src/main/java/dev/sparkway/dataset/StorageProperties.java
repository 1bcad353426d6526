package dev.sparkway.dataset;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where inputs are read from and outputs written to.
 *
 * @param inputRoot every input path in job parameters is relative to this folder; nothing outside it is read
 * @param outputRoot each job writes under {@code <output-root>/<jobId>/}
 */
@Validated
@ConfigurationProperties("sparkway.storage")
public record StorageProperties(@DefaultValue("./data/input") @NotNull Path inputRoot,
		@DefaultValue("./data/output") @NotNull Path outputRoot) {

	public StorageProperties {
		inputRoot = inputRoot.toAbsolutePath().normalize();
		outputRoot = outputRoot.toAbsolutePath().normalize();
	}

}
