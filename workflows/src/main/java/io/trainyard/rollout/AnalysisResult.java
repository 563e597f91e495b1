package io.trainyard.rollout;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.trainyard.gate.RuleResult;
import java.util.List;
import java.util.Map;

/**
 * One analysis: the serving statistics of canary and stable ({@code requests}, {@code error_rate},
 * {@code latency_p95_ms}, {@code accuracy}), each rule's result, and whether the canary passed.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AnalysisResult(
    boolean passed, Map<String, Double> canary, Map<String, Double> stable, List<RuleResult> results) {
  public AnalysisResult {
    canary = canary == null ? Map.of() : Map.copyOf(canary);
    stable = stable == null ? Map.of() : Map.copyOf(stable);
    results = results == null ? List.of() : List.copyOf(results);
  }
}
