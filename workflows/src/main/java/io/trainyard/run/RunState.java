package io.trainyard.run;

/** Where a run stands overall. */
public enum RunState {
  RUNNING,
  WAITING_APPROVAL,
  /** The candidate is live at the production alias. */
  SUCCEEDED,
  /** The gate's rules or its approvers turned the candidate down; production is unchanged. */
  REJECTED,
  /** The rollout was undone (by analysis or on request); production serves the earlier version. */
  ROLLED_BACK,
  FAILED,
  CANCELLED,
  /** The run's spend crossed its budget: the running step was stopped and no further step started; see the message. */
  BUDGET_EXCEEDED,
  /** The workflow is gone from the server (the embedded server stopped); see the message. */
  ABANDONED;

  /** True once the run can no longer change. */
  public boolean isFinal() {
    return this != RUNNING && this != WAITING_APPROVAL;
  }
}
