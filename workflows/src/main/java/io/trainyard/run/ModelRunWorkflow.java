package io.trainyard.run;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.trainyard.rollout.RolloutSlotHolder;

/**
 * One model run: prepare, train, evaluate, gate (rules and approvals), rollout, with rollback as
 * compensation. Workflow id {@code run-<pipeline>-<id>}. At rollout it takes its model's rollout
 * slot ({@link RolloutSlotHolder}), so that one run of a model rolls out at a time.
 */
@WorkflowInterface
public interface ModelRunWorkflow extends RolloutSlotHolder {

  @WorkflowMethod
  RunStatus run(RunInput input);

  /** Stage, each step's state and attempts, metrics, the pending approval. */
  @QueryMethod
  RunStatus status();

  /** Approve or reject at the gate; the result says how far the gate got. */
  @UpdateMethod
  DecisionResult decide(Decision decision);

  /** Rejects a decision that the run's state or the approval policy does not allow. */
  @UpdateValidatorMethod(updateName = "decide")
  void validateDecide(Decision decision);

  /** Roll a live rollout back; returns once production serves the earlier version again. */
  @UpdateMethod
  RunStatus rollback(RollbackRequest request);

  /** Rejects a rollback request while no rollout is live. */
  @UpdateValidatorMethod(updateName = "rollback")
  void validateRollback(RollbackRequest request);
}
