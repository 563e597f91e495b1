package io.trainyard.serving;

import io.micronaut.serde.annotation.Serdeable;

/**
 * One offending field of a prediction request, shaped as the API's {@code FieldProblem} (the same
 * schema in the OpenAPI document): its path, and what was expected.
 */
@Serdeable
public record FieldProblem(String field, String message) {}
