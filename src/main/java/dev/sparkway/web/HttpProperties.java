package dev.sparkway.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the HTTP API.
 *
 * @param maxJsonBody largest JSON request body accepted; larger ones are answered 413 (uploads have their own
 * limit, {@code spring.servlet.multipart.max-file-size})
 */
@Validated
@ConfigurationProperties("sparkway.http")
public record HttpProperties(@DefaultValue("64KB") DataSize maxJsonBody) {

}
