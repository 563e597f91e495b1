package io.trainyard.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Two {@link BenchApplication}s measured in one bench run: after two warm-up runs each, every round
 * runs the same chain on both, in alternating order, so that a noisy neighbour weighs on both; the
 * ratio is taken per round.
 */
record SideBySide(List<Double> baseMillis, List<Double> otherMillis, List<Double> ratios) {

  static SideBySide measure(BenchApplication base, BenchApplication other, int rounds, int steps) {
    for (int i = 0; i < 2; i++) {
      base.run(steps);
      other.run(steps);
    }
    List<Double> baseMillis = new ArrayList<>();
    List<Double> otherMillis = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      boolean otherFirst = i % 2 == 0;
      double first = (otherFirst ? other : base).run(steps);
      double second = (otherFirst ? base : other).run(steps);
      double otherRun = otherFirst ? first : second;
      double baseRun = otherFirst ? second : first;
      otherMillis.add(otherRun);
      baseMillis.add(baseRun);
      ratios.add(otherRun / baseRun);
    }
    return new SideBySide(baseMillis, otherMillis, ratios);
  }
}
