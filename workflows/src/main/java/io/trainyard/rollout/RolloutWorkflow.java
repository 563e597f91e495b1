package io.trainyard.rollout;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.trainyard.run.RollbackRequest;

/**
 * A canary rollout (child of a model run): moves traffic step by step on durable timers, analyses
 * after each bake, promotes or rolls back. A cancel or an {@code abort} rolls back.
 */
@WorkflowInterface
public interface RolloutWorkflow {

  @WorkflowMethod
  RolloutStatus rollout(RolloutInput input);

  /** Roll back now: traffic returns to stable and the rollout ends. */
  @SignalMethod
  void abort(RollbackRequest request);

  @QueryMethod
  RolloutStatus status();

  /** The workflow id of the rollout of a run. */
  static String idFor(String runWorkflowId) {
    return runWorkflowId + "-rollout";
  }
}
