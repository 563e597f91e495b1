package io.trainyard.rollout;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.trainyard.gate.RuleResult;
import java.util.List;
import java.util.Map;

/**
 * One analysis: the serving statistics of canary and stable ({@code requests}, {@code error_rate},
 * {@code latency_p95_ms}, {@code accuracy}), each rule's result, and whether the canary passed.
 * {@code insufficient}: the canary served fewer requests than the analysis needs, so it judged
 * nothing ({@code passed} is false); the rollout bakes on rather than reading it as a failure.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AnalysisResult(
    boolean passed,
    Map<String, Double> canary,
    Map<String, Double> stable,
    List<RuleResult> results,
    boolean insufficient) {
  public AnalysisResult(
      boolean passed, Map<String, Double> canary, Map<String, Double> stable, List<RuleResult> results) {
    this(passed, canary, stable, results, false);
  }

  public AnalysisResult {
    canary = canary == null ? Map.of() : Map.copyOf(canary);
    stable = stable == null ? Map.of() : Map.copyOf(stable);
    results = results == null ? List.of() : List.copyOf(results);
  }
}
