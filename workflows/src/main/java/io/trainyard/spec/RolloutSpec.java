package io.trainyard.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * Where and how an approved model goes live, what is checked on the way, the rollback policy, and
 * what a run does while another run of the same model is rolling out ({@code concurrency}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RolloutSpec(
    RolloutTarget target,
    RolloutStrategy strategy,
    List<CanaryStep> steps,
    LabelledTraffic traffic,
    AnalysisSpec analysis,
    RollbackPolicy rollback,
    RolloutConcurrency concurrency) {

  public static final RolloutSpec DIRECT_LOCAL =
      new RolloutSpec(RolloutTarget.LOCAL, RolloutStrategy.DIRECT, null, null, null, null);

  public RolloutSpec {
    target = target == null ? RolloutTarget.LOCAL : target;
    strategy = strategy == null ? RolloutStrategy.CANARY : strategy;
    steps = steps == null ? List.of() : List.copyOf(steps);
    analysis = analysis == null ? AnalysisSpec.NONE : analysis;
    rollback = rollback == null ? RollbackPolicy.AUTOMATIC : rollback;
    concurrency = concurrency == null ? RolloutConcurrency.QUEUE : concurrency;
  }

  public RolloutSpec(
      RolloutTarget target,
      RolloutStrategy strategy,
      List<CanaryStep> steps,
      LabelledTraffic traffic,
      AnalysisSpec analysis,
      RollbackPolicy rollback) {
    this(target, strategy, steps, traffic, analysis, rollback, null);
  }
}
