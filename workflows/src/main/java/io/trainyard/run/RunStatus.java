package io.trainyard.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.trainyard.gate.GateResult;
import io.trainyard.model.ModelVersionRef;
import io.trainyard.rollout.RolloutStatus;
import java.util.List;
import java.util.Map;

/**
 * A run as its workflow sees it: answered by the {@code status} query while it runs and returned
 * as the workflow's result at its end.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunStatus(
    String runId,
    String pipeline,
    String pipelineVersion,
    String startedBy,
    long startedAtMillis,
    long finishedAtMillis,
    Stage stage,
    RunState state,
    List<StageStatus> stages,
    List<StepStatus> steps,
    Map<String, Double> metrics,
    GateResult gate,
    PendingApproval pendingApproval,
    RolloutStatus rollout,
    ModelVersionRef model,
    String alias,
    String message) {

  public RunStatus {
    stages = stages == null ? List.of() : List.copyOf(stages);
    steps = steps == null ? List.of() : List.copyOf(steps);
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }
}
