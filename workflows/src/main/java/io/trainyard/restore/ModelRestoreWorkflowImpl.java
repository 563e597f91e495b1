package io.trainyard.restore;

import io.temporal.workflow.Workflow;
import io.trainyard.model.ModelVersionRef;
import io.trainyard.model.ProductionRestore;
import io.trainyard.registry.RegistryActivities;
import io.trainyard.rollout.RolloutActivities;
import io.trainyard.rollout.TrafficSplit;

/**
 * See {@link ModelRestoreWorkflow}. The registry moves first: it is the record of what serves and
 * refuses a restore whose aliases moved meanwhile, so traffic only follows a move that happened.
 * Both activities are idempotent, so a retry or a replay after a crash completes the restore once.
 */
public class ModelRestoreWorkflowImpl implements ModelRestoreWorkflow {
  private final RegistryActivities registry = Workflow.newActivityStub(RegistryActivities.class);
  private final RolloutActivities serving = Workflow.newActivityStub(RolloutActivities.class);

  @Override
  public RestoreResult restore(RestoreInput input) {
    ModelVersionRef restored = registry.restoreProduction(new ProductionRestore(
        input.model(), input.from(), input.to(), input.restoreId(), input.actor(), input.reason()));
    serving.route(new TrafficSplit(restored, null, 0));
    return new RestoreResult(input.restoreId(), restored, input.from(), Workflow.currentTimeMillis());
  }
}
