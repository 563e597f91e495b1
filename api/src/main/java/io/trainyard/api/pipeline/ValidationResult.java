package io.trainyard.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/** The answer of {@code POST /v1/pipelines:validate} for a valid spec. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ValidationResult(boolean valid, String name, String digest) {}
