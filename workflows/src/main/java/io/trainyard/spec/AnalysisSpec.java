package io.trainyard.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.util.List;

/**
 * Rules checked after each bake, over {@code canary.*} and {@code stable.*} serving statistics
 * ({@code requests}, {@code error_rate}, {@code latency_p95_ms}, {@code accuracy}), and the least
 * number of canary requests the analysis needs to judge. With fewer, the step bakes on, up to
 * {@code maxBake} in all (absent: three times the step's bake), and then {@code onMaxBake} decides.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AnalysisSpec(Integer minRequests, List<String> rules, String maxBake, MaxBakeAction onMaxBake) {
  public static final AnalysisSpec NONE = new AnalysisSpec(0, List.of());

  /** How many bakes of a step make its {@code maxBake} when the spec declares none. */
  static final int DEFAULT_MAX_BAKES = 3;

  public AnalysisSpec {
    minRequests = minRequests == null ? 0 : minRequests;
    rules = rules == null ? List.of() : List.copyOf(rules);
    onMaxBake = onMaxBake == null ? MaxBakeAction.ROLLBACK : onMaxBake;
  }

  public AnalysisSpec(Integer minRequests, List<String> rules) {
    this(minRequests, rules, null, null);
  }

  /** The longest a step with this bake time bakes while the analysis lacks data (never less than the bake). */
  public Duration maxBakeFor(Duration bake) {
    Duration max = maxBake == null ? bake.multipliedBy(DEFAULT_MAX_BAKES) : Durations.parse(maxBake);
    return max.compareTo(bake) < 0 ? bake : max;
  }
}
