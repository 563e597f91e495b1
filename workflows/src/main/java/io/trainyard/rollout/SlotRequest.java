package io.trainyard.rollout;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.trainyard.spec.RolloutConcurrency;
import io.trainyard.spec.RolloutTarget;

/**
 * A workflow asks for the rollout slot of a model on a serving target: {@code workflowId} gets the
 * answer as a {@link RolloutSlotHolder} signal; {@code runId} names it to the others ("waiting for
 * the rollout of run X"); {@code restore} marks a restore run, which always queues and is never
 * superseded; {@code taskQueue} is where the lock workflow runs when this request starts it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SlotRequest(
    String workflowId,
    String runId,
    String model,
    RolloutTarget target,
    RolloutConcurrency policy,
    boolean restore,
    String taskQueue) {
  public SlotRequest {
    target = target == null ? RolloutTarget.LOCAL : target;
    policy = policy == null || restore ? RolloutConcurrency.QUEUE : policy;
  }

  /** The workflow id of the lock this request goes to. */
  public String lockId() {
    return RolloutLockWorkflow.idFor(model, target);
  }

  /** How the others see this request in their "waiting for ..." line. */
  String describe() {
    return restore ? "the restore " + runId : "the rollout of run " + runId;
  }
}
