package io.trainyard.api.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The answer of {@code GET /v1/runs/{runId}/steps}. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StepAttemptList(List<StepAttempt> items) {}
