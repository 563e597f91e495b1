package io.trainyard.rule;

import io.trainyard.gate.GateResult;
import io.trainyard.gate.RuleResult;
import io.trainyard.model.ProductionModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Judges a candidate's offline metrics against gate rules. Identifiers are metric names;
 * {@code production} stands for the production version's value of the metric on the left side, so
 * {@code auc >= production - 0.01} compares the candidate's auc with production's auc.
 */
public final class GateJudge {
  /** The identifier that stands for the production version's value. */
  public static final String PRODUCTION = "production";

  private GateJudge() {}

  /** The rule compiled and checked for use at a gate; {@link IllegalArgumentException} saying what is wrong. */
  public static MetricRule check(String rule) {
    MetricRule parsed = MetricRule.parse(rule);
    if (parsed.identifiers().contains(PRODUCTION)) {
      if (parsed.leftIdentifiers().contains(PRODUCTION)) {
        throw new IllegalArgumentException(
            "'" + rule + "' uses production on the left side: write the metric on the left, as in 'auc >= production - 0.01'");
      }
      if (parsed.leftIdentifiers().size() != 1) {
        throw new IllegalArgumentException(
            "'" + rule + "' uses production, so its left side must be exactly one metric, as in 'auc >= production - 0.01'");
      }
    }
    return parsed;
  }

  /** Every rule checked; the gate passes when all hold (and when there are none). */
  public static GateResult judge(List<String> rules, Map<String, Double> metrics, ProductionModel production) {
    ProductionModel prod = production == null ? ProductionModel.NONE : production;
    List<RuleResult> results = new ArrayList<>();
    for (String rule : rules) {
      results.add(judgeOne(rule, metrics, prod));
    }
    return new GateResult(results.stream().allMatch(RuleResult::passed), results);
  }

  private static RuleResult judgeOne(String rule, Map<String, Double> metrics, ProductionModel production) {
    MetricRule parsed;
    try {
      parsed = check(rule);
    } catch (IllegalArgumentException e) {
      return new RuleResult(rule, false, e.getMessage());
    }
    Map<String, Double> values = new HashMap<>();
    for (String name : parsed.identifiers()) {
      if (name.equals(PRODUCTION)) {
        continue;
      }
      Double value = metrics.get(name);
      if (value == null) {
        return new RuleResult(
            rule, false, "metric '" + name + "' was not reported (reported: " + names(metrics) + ")");
      }
      values.put(name, value);
    }
    if (parsed.identifiers().contains(PRODUCTION)) {
      if (!production.exists()) {
        return new RuleResult(rule, true, "no production version to compare with");
      }
      String metric = parsed.leftIdentifiers().iterator().next();
      Double productionValue = production.metrics().get(metric);
      if (productionValue == null) {
        return new RuleResult(
            rule,
            true,
            "production version " + production.version().label() + " has no metric '" + metric + "' to compare with");
      }
      values.put(PRODUCTION, productionValue);
    }
    return new RuleResult(rule, parsed.test(values), parsed.describe(values));
  }

  static String names(Map<String, Double> values) {
    return values.isEmpty() ? "none" : String.join(", ", new TreeSet<>(values.keySet()));
  }
}
