package dev.sparkway.dataset;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The demo dataset generated under {@code <input-root>/demo/} on start when its files are missing.
 */
@Validated
@ConfigurationProperties("sparkway.demo-data")
public record DemoDataProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("100000") @Min(1) int salesRows,
		@DefaultValue("30000") @Min(1) int activityRows,
		@DefaultValue("42") long seed) {

}
