package io.trainyard.failure;

/** The stable type strings of Trainyard's non-retryable {@code ApplicationFailure}s. */
public final class FailureTypes {
  /** A step's spec cannot run: unknown builtin, missing input, bad command. */
  public static final String STEP_MISCONFIGURED = "trainyard.StepMisconfigured";
  /** A step exited with a code it declared non-retryable. */
  public static final String STEP_NON_RETRYABLE = "trainyard.StepNonRetryable";
  /** A step did not write an output it declared. */
  public static final String MISSING_OUTPUT = "trainyard.MissingOutput";
  /** A gate or analysis rule names a metric nobody reported. */
  public static final String MISSING_METRIC = "trainyard.MissingMetric";
  /** A decision or rollback request that the run's state or policy does not allow. */
  public static final String NOT_ALLOWED = "trainyard.NotAllowed";
  /**
   * A step input names data outside the allowed input roots, or inside Trainyard's home
   * ({@code io.trainyard.spec.InputRoots}): refused before anything is read.
   */
  public static final String INPUT_NOT_ALLOWED = "trainyard.InputNotAllowed";
  /**
   * A step found its input data unusable (a missing column, a cell that does not parse): the same
   * data fails the same way on every attempt, so it is not retried.
   */
  public static final String INVALID_DATA = "trainyard.InvalidData";
  /** An artifact's content does not match its recorded digest. */
  public static final String DIGEST_MISMATCH = "trainyard.DigestMismatch";

  /**
   * A step's Job stayed unschedulable on its hardware class past the configured wait; the run
   * tries the step's next class. Details: the class that could not be scheduled and the attempt that gave up on it.
   */
  public static final String UNSCHEDULABLE = "trainyard.Unschedulable";

  /**
   * A run's spend crossed its budget: the step that crossed it was stopped (or not started), and the
   * run ends {@code BUDGET_EXCEEDED}. Details: the budget and what the run spent, as plain decimal
   * strings in the configured currency.
   */
  public static final String BUDGET_EXCEEDED = "trainyard.BudgetExceeded";

  private FailureTypes() {}
}
