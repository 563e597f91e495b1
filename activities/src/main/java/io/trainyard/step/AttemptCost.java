package io.trainyard.step;

import io.trainyard.cost.HourlyPrice;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * What one step attempt cost: its measured running time ({@code preemptedMillis} of it in pods that
 * Kubernetes disrupted) times its hardware class's hourly price ({@link HourlyPrice}), in the
 * configured currency; and for an answer from the step cache, what the attempt that produced the
 * cached outputs cost ({@code saved}, null when that is unknown).
 */
public record AttemptCost(long runningMillis, long preemptedMillis, BigDecimal hourlyPrice, BigDecimal cost, BigDecimal saved) {

  /** An attempt that ran for {@code running} at {@code hourlyPrice}. */
  public static AttemptCost priced(BigDecimal hourlyPrice, Duration running, Duration preempted) {
    long millis = running.toMillis();
    return new AttemptCost(millis, preempted.toMillis(), hourlyPrice, HourlyPrice.of(hourlyPrice, millis), null);
  }

  /** An answer from the step cache: nothing ran; {@code saved} is what its producer cost. */
  public static AttemptCost cached(BigDecimal hourlyPrice, BigDecimal saved) {
    return new AttemptCost(0, 0, hourlyPrice, HourlyPrice.of(hourlyPrice, 0), saved);
  }
}
