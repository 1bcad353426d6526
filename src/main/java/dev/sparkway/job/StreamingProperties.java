package dev.sparkway.job;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Admission of streaming jobs. (Where a streaming source may connect is the pipeline's own configuration:
 * {@code sparkway.streaming.kafka.*}.)
 *
 * @param maxConcurrent streaming jobs running at the same time; they do not take the batch pipelines' slots, and
 * a submission past this is answered 503 (streaming jobs are never queued)
 */
@Validated
@ConfigurationProperties("sparkway.streaming")
public record StreamingProperties(@DefaultValue("2") @Min(1) @Max(32) int maxConcurrent) {
}
