package io.trainyard.rollout;

import io.temporal.activity.ActivityInterface;

/** The client side of the rollout locks, for workflow code that cannot signal-with-start itself. */
@ActivityInterface(namePrefix = "RolloutLock.")
public interface RolloutLocks {

  /** Send the request to its model's lock workflow, starting the lock when none runs. */
  void request(SlotRequest request);

  /** Whether the workflow {@code workflowId} is still running (a holder that ended frees its slot). */
  boolean running(String workflowId);
}
