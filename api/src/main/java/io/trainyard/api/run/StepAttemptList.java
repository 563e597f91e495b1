package io.trainyard.api.run;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The answer of {@code GET /v1/runs/{runId}/steps}. */
@Serdeable
public record StepAttemptList(List<StepAttempt> items) {}
