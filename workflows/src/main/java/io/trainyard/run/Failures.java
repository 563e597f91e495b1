package io.trainyard.run;

import io.temporal.api.enums.v1.RetryState;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.trainyard.failure.FailureTypes;
import io.trainyard.spec.StepSpec;
import java.util.Optional;

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

  /** The failure of a step stopped at the run's budget, when that is what {@code failure} is. */
  static Optional<ApplicationFailure> budgetExceeded(TemporalFailure failure) {
    Throwable cause = failure;
    while (cause != null) {
      if (cause instanceof ApplicationFailure app && FailureTypes.BUDGET_EXCEEDED.equals(app.getType())) {
        return Optional.of(app);
      }
      cause = cause.getCause();
    }
    return Optional.empty();
  }

  /** Attempts a failed step made, as far as the failure tells. */
  static int attempts(ActivityFailure failure, StepSpec step) {
    return failure.getRetryState() == RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED
        ? step.retries() + 1
        : 1;
  }
}
