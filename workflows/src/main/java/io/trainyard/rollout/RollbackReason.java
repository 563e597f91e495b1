package io.trainyard.rollout;

/** Why production went back to an earlier version: a bounded label for the rollback metric. */
public enum RollbackReason {
  /** The canary failed its analysis. */
  ANALYSIS_FAILED,
  /** The canary had too little data to judge by its maximum bake time. */
  TOO_LITTLE_DATA,
  /** Someone (or a newer rollout of the model) asked for the rollback. */
  REQUESTED,
  /** The run was cancelled during its rollout. */
  CANCELLED,
  /** A rollout activity failed. */
  STEP_FAILED,
  /** An operator restored an earlier version after the rollout ({@code models rollback}). */
  RESTORE
}
