package io.trainyard.step;

/** Runs one attempt of a step of one kind (builtin, local process, ...), heartbeating while it runs. */
public interface StepExecutor {

  /** The retryable failure type of an attempt that failed (non-zero exit, builtin exception). */
  String STEP_FAILED = "trainyard.StepFailed";

  /** The executor's name, as recorded with each attempt. */
  String name();

  /**
   * Run the attempt to its end. Returns when the step succeeded; throws an {@code
   * ApplicationFailure} when it failed, and the Temporal {@code ActivityCompletionException} when
   * the activity was cancelled or timed out (after stopping the step).
   */
  ExecutionOutcome execute(StepLaunch launch);
}
