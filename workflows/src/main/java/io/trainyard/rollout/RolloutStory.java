package io.trainyard.rollout;

import static io.trainyard.run.Markdown.code;
import static io.trainyard.run.Markdown.text;

import io.trainyard.gate.RuleResult;
import io.trainyard.run.Markdown;
import io.trainyard.spec.AnalysisSpec;
import io.trainyard.spec.CanaryStep;
import io.trainyard.spec.MaxBakeAction;
import io.trainyard.spec.RolloutSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A canary rollout told for the Temporal Web UI: the static summary and plan its parent gives it,
 * and the current details (the canary's traffic, the bake, every analysis) it keeps up to date.
 * Pure, so workflow code may call it.
 */
public final class RolloutStory {
  private RolloutStory() {}

  /** One line: {@code canary clf:2 against clf:1 · run 1a2b3c4d5e6f}. */
  public static String summary(RolloutInput input) {
    return "canary " + input.candidate().label() + " against " + input.stable().label() + " · run " + input.runId();
  }

  /** The plan: the canary steps, the analysis after each bake, the traffic replayed, the rollback policy. */
  public static String plan(RolloutInput input) {
    RolloutSpec spec = input.spec();
    StringBuilder out = new StringBuilder();
    out.append("Canary of ").append(code(input.candidate().label())).append(" against ")
        .append(code(input.stable().label())).append(" (stable) for run ").append(code(input.runId()))
        .append(", on the ").append(spec.target().name().toLowerCase(Locale.ROOT)).append(" serving target.\n\n");
    List<List<String>> rows = new ArrayList<>();
    int n = 0;
    for (CanaryStep step : spec.steps()) {
      rows.add(List.of(Integer.toString(++n), step.traffic() + "%", text(step.bake())));
    }
    out.append(Markdown.table(List.of("step", "traffic", "bake"), rows)).append('\n');
    AnalysisSpec analysis = spec.analysis();
    out.append("- after each bake: ")
        .append(analysis.rules().isEmpty() ? "no rules" : analysis.rules().stream().map(Markdown::code)
            .collect(Collectors.joining(", ")))
        .append("\n- with fewer than ").append(analysis.minRequests()).append(" canary requests: bake on up to ")
        .append(analysis.maxBake() == null ? "three bakes" : text(analysis.maxBake())).append(", then ")
        .append(analysis.onMaxBake() == MaxBakeAction.ROLLBACK ? "roll back" : "go on").append('\n');
    if (input.traffic() != null && spec.traffic() != null) {
      out.append("- each bake replays ").append(spec.traffic().requests()).append(" labelled requests from ")
          .append(code(input.traffic().uri())).append('\n');
    }
    out.append("- a failed analysis ")
        .append(spec.rollback().automatic() ? "rolls back at once" : "does not roll back on its own").append('\n');
    return out.toString();
  }

  /** Where the rollout stands: phase, canary share and step, the bake's end, the analyses so far. */
  static String current(RolloutStatus status, long bakingUntilMillis) {
    StringBuilder out = new StringBuilder();
    if (status.outcome() != null) {
      out.append(outcome(status));
    } else {
      out.append("**").append(status.phase()).append("** · canary at **").append(status.canaryPercent())
          .append("%** · step ").append(status.step()).append(" of ").append(status.steps());
      if (status.phase() == RolloutPhase.BAKING && bakingUntilMillis > 0) {
        out.append(" · baking until ").append(Markdown.time(bakingUntilMillis));
      }
    }
    out.append("\n\n");
    if (!status.analyses().isEmpty()) {
      out.append("**Analyses**\n\n").append(analyses(status.analyses()));
    }
    return out.toString();
  }

  /** How a rollout ended ({@code **PROMOTED**: why}), or where it stands. */
  public static String outcome(RolloutStatus status) {
    if (status.outcome() == null) {
      return "**" + status.phase() + "** at " + status.canaryPercent() + "%";
    }
    return "**" + status.outcome() + "**: " + text(status.reason());
  }

  /** One row per analysis: the verdict, canary and stable statistics, each rule. */
  public static String analyses(List<AnalysisResult> analyses) {
    List<List<String>> rows = new ArrayList<>();
    int n = 0;
    for (AnalysisResult a : analyses) {
      rows.add(List.of(
          Integer.toString(++n),
          a.insufficient() ? "too little data" : a.passed() ? "passed" : "failed",
          statistics(a.canary()),
          statistics(a.stable()),
          a.results().stream().map(RolloutStory::rule).collect(Collectors.joining("; "))));
    }
    return Markdown.table(List.of("#", "verdict", "canary", "stable", "rules"), rows);
  }

  private static String statistics(Map<String, Double> values) {
    return new TreeMap<>(values).entrySet().stream()
        .map(e -> text(e.getKey()) + " " + Markdown.number(e.getValue()))
        .collect(Collectors.joining(", "));
  }

  private static String rule(RuleResult result) {
    return (result.passed() ? "held: " : "failed: ") + text(result.rule())
        + (result.detail() == null ? "" : " (" + text(result.detail()) + ")");
  }
}
