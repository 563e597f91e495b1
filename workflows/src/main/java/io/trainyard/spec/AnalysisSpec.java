package io.trainyard.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * Rules checked after each bake, over {@code canary.*} and {@code stable.*} serving statistics
 * ({@code requests}, {@code error_rate}, {@code latency_p95_ms}, {@code accuracy}), and the least
 * number of canary requests the analysis needs to judge.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AnalysisSpec(Integer minRequests, List<String> rules) {
  public static final AnalysisSpec NONE = new AnalysisSpec(0, List.of());

  public AnalysisSpec {
    minRequests = minRequests == null ? 0 : minRequests;
    rules = rules == null ? List.of() : List.copyOf(rules);
  }
}
