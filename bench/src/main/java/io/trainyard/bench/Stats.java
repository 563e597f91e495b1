package io.trainyard.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The quantiles the benches report. */
final class Stats {
  private Stats() {}

  /** The q-quantile, interpolated between the two nearest ranks. */
  static double quantile(List<Double> values, double q) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    double rank = q * (sorted.length - 1);
    int below = (int) Math.floor(rank);
    int above = (int) Math.ceil(rank);
    return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
  }

  /** The median with the quartiles: {@code median [p25, p75]}, each in {@code format}. */
  static String spread(List<Double> values, String format) {
    return String.format(Locale.ROOT, format + " [" + format + ", " + format + "]",
        quantile(values, 0.5), quantile(values, 0.25), quantile(values, 0.75));
  }
}
