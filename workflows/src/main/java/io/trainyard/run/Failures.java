package io.trainyard.run;

import io.temporal.api.enums.v1.RetryState;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.trainyard.spec.StepSpec;

/** Turns Temporal failures into the short, human messages a run status shows. */
final class Failures {
  private Failures() {}

  /** The root cause's message, with the failure type where it has one. */
  static String describe(TemporalFailure failure) {
    Throwable cause = failure;
    while ((cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof ApplicationFailure app) {
      return app.getOriginalMessage() + " [" + app.getType() + "]";
    }
    if (cause instanceof TimeoutFailure timeout) {
      return "timed out (" + timeout.getTimeoutType().name().replace("TIMEOUT_TYPE_", "").toLowerCase() + ")";
    }
    return cause.getMessage();
  }

  /** Attempts a failed step made, as far as the failure tells. */
  static int attempts(ActivityFailure failure, StepSpec step) {
    return failure.getRetryState() == RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED
        ? step.retries() + 1
        : 1;
  }
}
