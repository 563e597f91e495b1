package io.trainyard.api.pipeline;

import io.micronaut.serde.annotation.Serdeable;

/** The answer of {@code POST /v1/pipelines:validate} for a valid spec. */
@Serdeable
public record ValidationResult(boolean valid, String name, String digest) {}
