package io.trainyard.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Running time priced at an hourly price: the one formula of the cost ledger, rounded as its columns keep money. */
public final class HourlyPrice {
  /** Decimals kept of an amount of money, as the registry's {@code DECIMAL(19, 6)} columns keep them. */
  public static final int SCALE = 6;

  private static final BigDecimal MILLIS_PER_HOUR = BigDecimal.valueOf(3_600_000L);

  private HourlyPrice() {}

  /** {@code millis} of running time at {@code hourlyPrice}. */
  public static BigDecimal of(BigDecimal hourlyPrice, long millis) {
    return hourlyPrice.multiply(BigDecimal.valueOf(millis)).divide(MILLIS_PER_HOUR, SCALE, RoundingMode.HALF_UP);
  }
}
