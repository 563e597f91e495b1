package io.trainyard.run;

/** Where a step stands. */
public enum StepState {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED
}
