package io.trainyard.api.problem;

import io.micronaut.serde.annotation.Serdeable;

/** One offending field of a request: its path (as the client wrote it) and what was expected. */
@Serdeable
public record FieldProblem(String field, String message) {}
