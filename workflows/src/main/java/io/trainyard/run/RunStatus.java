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

  /**
   * This status ended from outside its workflow (the workflow failed without a final status, or the
   * server lost it): the run takes {@code state}, and what was still running shows as cancelled.
   */
  public RunStatus endedAs(RunState state, String why, long atMillis) {
    List<StageStatus> endedStages = stages.stream()
        .map(s -> s.state() == StepState.RUNNING
            ? new StageStatus(s.stage(), StepState.CANCELLED, s.attempts(), s.startedAtMillis(), atMillis - s.startedAtMillis(), why)
            : s)
        .toList();
    List<StepStatus> endedSteps = steps.stream()
        .map(s -> s.state() == StepState.RUNNING
            ? new StepStatus(s.name(), s.stage(), StepState.CANCELLED, s.attempts(), s.startedAtMillis(),
                atMillis - s.startedAtMillis(), s.cached(), s.outputs(), s.metrics(), why, s.hardware(), s.time())
            : s)
        .toList();
    return new RunStatus(runId, pipeline, pipelineVersion, startedBy, startedAtMillis, atMillis, Stage.DONE, state,
        endedStages, endedSteps, metrics, gate, null, rollout, model, alias, why);
  }

  /** This status with the rollout's own, live status (the run's records it only when the rollout ends). */
  public RunStatus withRollout(RolloutStatus live) {
    return new RunStatus(runId, pipeline, pipelineVersion, startedBy, startedAtMillis, finishedAtMillis, stage, state,
        stages, steps, metrics, gate, pendingApproval, live, model, alias, message);
  }
}
