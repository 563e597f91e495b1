package io.trainyard.restore;

import io.temporal.workflow.Workflow;
import io.trainyard.model.ModelVersionRef;
import io.trainyard.model.ProductionRestore;
import io.trainyard.registry.RegistryActivities;
import io.trainyard.rollout.RollbackReason;
import io.trainyard.rollout.RolloutActivities;
import io.trainyard.rollout.RolloutMetrics;
import io.trainyard.rollout.RolloutSlot;
import io.trainyard.rollout.SlotNotice;
import io.trainyard.rollout.TrafficSplit;
import io.trainyard.spec.RolloutConcurrency;
import io.trainyard.spec.RolloutTarget;

/**
 * See {@link ModelRestoreWorkflow}. The restore takes the model's rollout slot first (in its turn,
 * never superseded), so production moves only by the holder of the slot. The registry moves first:
 * it is the record of what serves and refuses a restore whose aliases moved meanwhile, so traffic
 * only follows a move that happened. Both activities are idempotent, so a retry or a replay after a
 * crash completes the restore once.
 */
public class ModelRestoreWorkflowImpl implements ModelRestoreWorkflow {
  /** Change id: the restore holds the model's rollout slot while it moves production. */
  static final String RESTORE_SLOT = "restore-slot";
  /** Change id: the restore shows where it stands as its Web UI current details. */
  static final String WEB_UI_STORY = "web-ui-story";

  private final RegistryActivities registry = Workflow.newActivityStub(RegistryActivities.class);
  private final RolloutActivities serving = Workflow.newActivityStub(RolloutActivities.class);
  private RolloutSlot slot;
  private boolean story;

  @Override
  public RestoreResult restore(RestoreInput input) {
    story = Workflow.getVersion(WEB_UI_STORY, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
    if (Workflow.getVersion(RESTORE_SLOT, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return restoreNow(input);
    }
    // the restore routes the local target, the one serving target that routes today
    slot = new RolloutSlot(input.restoreId(), input.model(), RolloutTarget.LOCAL, RolloutConcurrency.QUEUE, true);
    try {
      show(RestoreStory.waiting(null));
      slot.acquire(waiting -> show(RestoreStory.waiting(waiting.reason())));
      return restoreNow(input);
    } finally {
      slot.release();
    }
  }

  private RestoreResult restoreNow(RestoreInput input) {
    show(RestoreStory.restoring(input));
    ModelVersionRef restored = registry.restoreProduction(new ProductionRestore(
        input.model(), input.from(), input.to(), input.restoreId(), input.actor(), input.reason()));
    serving.route(new TrafficSplit(restored, null, 0));
    RolloutMetrics.of(input.model()).rolledBack(RollbackReason.RESTORE);
    RestoreResult result = new RestoreResult(input.restoreId(), restored, input.from(), Workflow.currentTimeMillis());
    show(RestoreStory.done(result));
    return result;
  }

  private void show(String markdown) {
    if (story) {
      Workflow.setCurrentDetails(markdown);
    }
  }

  @Override
  public void rolloutSlot(SlotNotice notice) {
    if (slot != null) {
      slot.onNotice(notice);
    }
  }
}
