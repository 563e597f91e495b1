package io.trainyard.rollout;

/** How a rollout ended. */
public enum RolloutOutcome {
  /** The candidate serves all traffic and holds {@code production}. */
  PROMOTED,
  /** The stable version serves all traffic again. */
  ROLLED_BACK
}
