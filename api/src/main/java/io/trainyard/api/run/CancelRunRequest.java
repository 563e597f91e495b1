package io.trainyard.api.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code POST /v1/runs/{runId}/cancel}. */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record CancelRunRequest(@Nullable String reason) {}
