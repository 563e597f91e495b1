package io.trainyard.api.cost;

import io.trainyard.cost.CostLine;
import io.trainyard.cost.HourlyPrice;
import io.trainyard.run.StepState;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;

/** Adds up priced attempts ({@link CostLine}) into {@link CostFigures}; attempts still running count once they end. */
final class CostTally {
  private static final BigDecimal ZERO = HourlyPrice.of(BigDecimal.ZERO, 0);

  private BigDecimal total = ZERO;
  private BigDecimal failed = ZERO;
  private BigDecimal preempted = ZERO;
  private BigDecimal saved = ZERO;
  private int attempts;
  private final Set<String> runs = new HashSet<>();

  CostTally add(CostLine line) {
    BigDecimal cost = line.cost() == null ? BigDecimal.ZERO : line.cost();
    total = total.add(cost);
    if (StepState.FAILED.name().equals(line.state()) || StepState.CANCELLED.name().equals(line.state())) {
      failed = failed.add(cost);
    }
    if (line.hourlyPrice() != null && line.preemptedMillis() != null) {
      preempted = preempted.add(HourlyPrice.of(line.hourlyPrice(), line.preemptedMillis()));
    }
    if (line.saved() != null) {
      saved = saved.add(line.saved());
    }
    attempts++;
    runs.add(line.runId());
    return this;
  }

  CostFigures figures() {
    return new CostFigures(total, failed, preempted, saved, attempts, runs.size());
  }
}
