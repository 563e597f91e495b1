package io.trainyard.restore;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.trainyard.rollout.RolloutSlotHolder;

/**
 * Rolls a model back when no rollout is live: production returns to the version at {@code
 * previous}, the registry records who asked and why, and the serving target serves that version
 * again. Workflow id {@code restore-<model>-<id>}; runs on the control queue. It takes the model's
 * rollout slot ({@link RolloutSlotHolder}) like a run's rollout, waiting for the one in progress.
 */
@WorkflowInterface
public interface ModelRestoreWorkflow extends RolloutSlotHolder {

  @WorkflowMethod
  RestoreResult restore(RestoreInput input);

  /** The workflow id of a restore of a model. */
  static String workflowId(String model, String restoreId) {
    return "restore-" + model + "-" + restoreId;
  }
}
