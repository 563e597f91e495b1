package io.trainyard.api.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.trainyard.run.RunState;
import java.time.Instant;
import java.util.Map;

/**
 * A run as the API answers it: the registry's record (or, until the workflow records it, the start
 * request) with what started it ({@code trigger}), plus {@code live}, the workflow's {@code status}
 * query, while it runs. The answer to a start has no {@code live}: it does not wait on the workflow.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Run(
    String runId,
    String workflowId,
    String pipeline,
    @Nullable Integer pipelineVersion,
    String pipelineDigest,
    String model,
    Map<String, Object> params,
    @Nullable String startedBy,
    Trigger trigger,
    String state,
    String stage,
    @Nullable String message,
    Map<String, Object> metrics,
    @Nullable Integer modelVersion,
    @Nullable String alias,
    Instant startedAt,
    @Nullable Instant finishedAt,
    @Nullable Map<String, Object> live) {

  /** Whether the run can no longer change. */
  public boolean ended() {
    return RunState.valueOf(state).isFinal();
  }

  /** The same run without parameters and live status. */
  public RunSummary summary() {
    return new RunSummary(runId, workflowId, pipeline, pipelineVersion, pipelineDigest, model, startedBy, trigger, state, stage,
        message, metrics, modelVersion, alias, startedAt, finishedAt);
  }
}
