package io.trainyard.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Two {@link BenchApplication}s measured in one bench run: after two warm-up runs each, every round
 * runs the same chain on both, the order alternating from round to round, so that a noisy
 * neighbour weighs on both. The ratio is taken over each pair of rounds (one with each order): on
 * these machines the run that opens a round takes about a second longer than the one that follows,
 * whichever side it is, and a ratio per round would measure that order.
 */
record SideBySide(List<Double> baseMillis, List<Double> otherMillis, List<Double> ratios) {

  static SideBySide measure(BenchApplication base, BenchApplication other, int rounds, int steps) {
    for (int i = 0; i < 2; i++) {
      base.run(steps);
      other.run(steps);
    }
    List<Double> baseMillis = new ArrayList<>();
    List<Double> otherMillis = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      boolean otherFirst = i % 2 == 0;
      double first = (otherFirst ? other : base).run(steps);
      double second = (otherFirst ? base : other).run(steps);
      otherMillis.add(otherFirst ? first : second);
      baseMillis.add(otherFirst ? second : first);
    }
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i + 1 < rounds; i += 2) {
      ratios.add((otherMillis.get(i) + otherMillis.get(i + 1)) / (baseMillis.get(i) + baseMillis.get(i + 1)));
    }
    return new SideBySide(baseMillis, otherMillis, ratios);
  }
}
