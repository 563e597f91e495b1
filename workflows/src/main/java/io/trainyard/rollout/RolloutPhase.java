package io.trainyard.rollout;

/** What a rollout is doing now. */
public enum RolloutPhase {
  STARTING,
  BAKING,
  ANALYSING,
  PROMOTING,
  ROLLING_BACK,
  DONE
}
