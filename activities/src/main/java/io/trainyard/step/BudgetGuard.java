package io.trainyard.step;

import io.temporal.activity.ActivityInfo;
import io.temporal.client.ActivityCanceledException;
import io.temporal.failure.ApplicationFailure;
import io.trainyard.cost.HourlyPrice;
import io.trainyard.failure.FailureTypes;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Stops an attempt whose cost would take its run past the run's budget: what the run spent in the
 * attempts that ended before this one started, plus this attempt's running time so far times its
 * hourly price, checked at every heartbeat. Crossing it stops the step the way a cancellation does
 * (the heartbeat throws {@link ActivityCanceledException}, on which every executor already stops its
 * process, builtin or Job), and {@link #failure} turns that into the non-retryable {@link
 * FailureTypes#BUDGET_EXCEEDED} failure with the figures. A run without a budget is never stopped.
 */
final class BudgetGuard {
  private final String step;
  private final BigDecimal budget;
  private final BigDecimal spentBefore;
  private final BigDecimal hourlyPrice;
  private final RunningTime runningTime;
  private volatile BigDecimal crossedAt;

  BudgetGuard(String step, BigDecimal budget, BigDecimal spentBefore, BigDecimal hourlyPrice, RunningTime runningTime) {
    this.step = step;
    this.budget = budget;
    this.spentBefore = spentBefore;
    this.hourlyPrice = hourlyPrice;
    this.runningTime = runningTime;
  }

  /** The run's spend before this attempt already crossed the budget: the attempt must not start. */
  Optional<ApplicationFailure> refusal() {
    if (budget == null || spentBefore.compareTo(budget) <= 0) {
      return Optional.empty();
    }
    return Optional.of(failure(spentBefore, "not started"));
  }

  /** The heartbeat, checked against the budget first. */
  Consumer<Object> guard(Consumer<Object> heartbeat, ActivityInfo info) {
    if (budget == null) {
      return heartbeat;
    }
    return details -> {
      BigDecimal spent = spentBefore.add(HourlyPrice.of(hourlyPrice, runningTime.running().toMillis()));
      if (spent.compareTo(budget) > 0) {
        crossedAt = spent;
        throw new ActivityCanceledException(info);
      }
      heartbeat.accept(details);
    };
  }

  /** True once a heartbeat found the budget crossed (and so stopped the step). */
  boolean crossed() {
    return crossedAt != null;
  }

  /** The failure of an attempt stopped at the budget, given what the run spent with it. */
  ApplicationFailure failure(BigDecimal spent, String what) {
    return ApplicationFailure.newNonRetryableFailure(
        "the run spent " + spent.stripTrailingZeros().toPlainString() + " of its budget "
            + budget.stripTrailingZeros().toPlainString() + ": step '" + step + "' " + what,
        FailureTypes.BUDGET_EXCEEDED,
        budget.toPlainString(),
        spent.toPlainString());
  }
}
