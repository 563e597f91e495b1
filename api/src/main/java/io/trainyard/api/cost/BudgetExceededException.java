package io.trainyard.api.cost;

import io.temporal.failure.ApplicationFailure;
import io.trainyard.failure.FailureTypes;

/** A run may not start: its model spent its pipeline's monthly budget ({@code budget.monthly}) this month. */
public class BudgetExceededException extends RuntimeException {
  public BudgetExceededException(String why) {
    super(why);
  }

  /**
   * The refusal as the failure of a trigger's activity (a schedule's or a dataset's start): not
   * retried, since retrying cannot help before the month ends; the trigger's next start asks again.
   */
  public ApplicationFailure asFailure() {
    return ApplicationFailure.newNonRetryableFailure(getMessage(), FailureTypes.BUDGET_EXCEEDED);
  }
}
