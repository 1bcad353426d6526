package dev.sparkway.pipeline;

/**
 * One problem with a submission, tied to the request field it concerns (e.g. {@code params.salesPath}).
 */
public record ParameterError(String field, String message) {

}
