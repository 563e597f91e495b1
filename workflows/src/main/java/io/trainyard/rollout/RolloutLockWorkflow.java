package io.trainyard.rollout;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.trainyard.spec.RolloutTarget;
import java.util.Locale;

/**
 * One rollout at a time per model and serving target: requests arrive by signal-with-start, the slot
 * goes to one requester after the other in order of arrival (or as their {@code
 * rollout.concurrency} says), each answered by a {@link RolloutSlotHolder} signal, and comes back by
 * {@code release}. Ends when nobody holds or waits; continues as new when its history grows.
 */
@WorkflowInterface
public interface RolloutLockWorkflow {
  /** The name of the release signal, for requesters' untyped stubs. */
  String RELEASE = "release";

  @WorkflowMethod
  void hold(RolloutLockState state);

  @SignalMethod
  void request(SlotRequest request);

  @SignalMethod(name = RELEASE)
  void release(SlotRelease release);

  /** The holder and the queue. */
  @QueryMethod
  RolloutLockState state();

  /** The workflow id of the lock of a model on a target: {@code rollout-lock-<target>-<model>}. */
  static String idFor(String model, RolloutTarget target) {
    return "rollout-lock-" + target.name().toLowerCase(Locale.ROOT) + "-" + model;
  }
}
