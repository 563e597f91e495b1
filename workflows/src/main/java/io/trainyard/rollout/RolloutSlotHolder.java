package io.trainyard.rollout;

import io.temporal.workflow.SignalMethod;

/** A workflow that takes a model's rollout slot: the lock answers it through this signal. */
public interface RolloutSlotHolder {
  /** The signal's name, for the lock's untyped stub (holders are workflows of several types). */
  String SIGNAL = "rolloutSlot";

  @SignalMethod(name = SIGNAL)
  void rolloutSlot(SlotNotice notice);
}
