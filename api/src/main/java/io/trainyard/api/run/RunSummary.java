package io.trainyard.api.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Map;

/** A run in a list: a {@link Run} without its parameters and live status. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunSummary(
    String runId,
    String workflowId,
    String pipeline,
    @Nullable Integer pipelineVersion,
    String pipelineDigest,
    String model,
    @Nullable String startedBy,
    Trigger trigger,
    String state,
    String stage,
    @Nullable String message,
    Map<String, Object> metrics,
    @Nullable Integer modelVersion,
    @Nullable String alias,
    Instant startedAt,
    @Nullable Instant finishedAt) {}
