package io.trainyard.rule;

import io.trainyard.gate.RuleResult;
import io.trainyard.rollout.AnalysisResult;
import io.trainyard.spec.AnalysisSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges a canary against the stable version from their serving statistics. Rules read
 * {@code canary.X} and {@code stable.X}; with no stable version (an empty stable map) rules that
 * read {@code stable.*} pass, since there is nothing to compare with.
 */
public final class AnalysisJudge {
  /** The canary statistic that counts the requests it served. */
  public static final String REQUESTS = "requests";

  private static final String CANARY = "canary";
  private static final String STABLE = "stable";

  private AnalysisJudge() {}

  /** The rule compiled and checked for use in an analysis; {@link IllegalArgumentException} saying what is wrong. */
  public static MetricRule check(String rule) {
    MetricRule parsed = MetricRule.parse(rule);
    for (String name : parsed.identifiers()) {
      String[] parts = name.split("\\.", -1);
      if (parts.length != 2 || !(parts[0].equals(CANARY) || parts[0].equals(STABLE))) {
        throw new IllegalArgumentException(
            "'" + rule + "' reads '" + name + "': analysis rules read canary.NAME and stable.NAME, as in 'canary.error_rate <= 0.01'");
      }
    }
    return parsed;
  }

  /**
   * The analysis; when the canary served fewer requests than {@code minRequests} it judges no rule
   * and says the data is insufficient (not passed, and not a verdict on the canary either).
   */
  public static AnalysisResult judge(AnalysisSpec spec, Map<String, Double> canary, Map<String, Double> stable) {
    AnalysisSpec analysis = spec == null ? AnalysisSpec.NONE : spec;
    Map<String, Double> canaryStats = canary == null ? Map.of() : canary;
    Map<String, Double> stableStats = stable == null ? Map.of() : stable;
    double requests = canaryStats.getOrDefault(REQUESTS, 0.0);
    if (requests < analysis.minRequests()) {
      RuleResult tooFew =
          new RuleResult(
              "canary.requests >= " + analysis.minRequests(),
              false,
              "canary served " + MetricRule.format(requests) + " requests, fewer than the "
                  + analysis.minRequests() + " the analysis needs");
      return new AnalysisResult(false, canaryStats, stableStats, List.of(tooFew), true);
    }
    List<RuleResult> results = new ArrayList<>();
    for (String rule : analysis.rules()) {
      results.add(judgeOne(rule, canaryStats, stableStats));
    }
    return new AnalysisResult(results.stream().allMatch(RuleResult::passed), canaryStats, stableStats, results);
  }

  private static RuleResult judgeOne(String rule, Map<String, Double> canary, Map<String, Double> stable) {
    MetricRule parsed;
    try {
      parsed = check(rule);
    } catch (IllegalArgumentException e) {
      return new RuleResult(rule, false, e.getMessage());
    }
    Map<String, Double> values = new HashMap<>();
    boolean readsStable = false;
    for (String name : parsed.identifiers()) {
      String side = name.substring(0, name.indexOf('.'));
      String key = name.substring(name.indexOf('.') + 1);
      Map<String, Double> stats = side.equals(CANARY) ? canary : stable;
      if (side.equals(STABLE)) {
        readsStable = true;
        if (stable.isEmpty()) {
          continue;
        }
      }
      Double value = stats.get(key);
      if (value == null) {
        return new RuleResult(
            rule, false, side + " statistic '" + key + "' was not reported (reported: " + GateJudge.names(stats) + ")");
      }
      values.put(name, value);
    }
    if (readsStable && stable.isEmpty()) {
      return new RuleResult(rule, true, "no stable version to compare with");
    }
    return new RuleResult(rule, parsed.test(values), parsed.describe(values));
  }
}
