package io.trainyard.api.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The answer of {@code GET /v1/runs/{runId}/history}: the run's workflow history, oldest event first. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunHistory(String runId, String workflowId, List<RunHistoryEvent> items) {}
