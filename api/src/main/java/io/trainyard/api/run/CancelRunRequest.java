package io.trainyard.api.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code POST /v1/runs/{runId}/cancel}. */
@Serdeable
public record CancelRunRequest(@Nullable String reason) {}
