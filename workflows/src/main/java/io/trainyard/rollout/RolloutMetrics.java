package io.trainyard.rollout;

import com.uber.m3.tally.Scope;
import io.temporal.workflow.Workflow;
import io.trainyard.run.RunMetrics;
import io.trainyard.spec.RolloutStrategy;
import java.util.Map;

/**
 * Rollouts and rollbacks of a model, emitted from workflow code through {@link
 * Workflow#getMetricsScope()} (nothing on replay): {@code trainyard_rollouts_total} by strategy and
 * outcome, {@code trainyard_rollbacks_total} by {@link RollbackReason}. Labelled with the model,
 * never a run id.
 */
public final class RolloutMetrics {
  public static final String ROLLOUTS = "trainyard.rollouts";
  public static final String ROLLBACKS = "trainyard.rollbacks";

  private final Scope scope;

  private RolloutMetrics(Scope scope) {
    this.scope = scope;
  }

  /** The rollout metrics of {@code model}, from the workflow that moves its traffic. */
  public static RolloutMetrics of(String model) {
    return new RolloutMetrics(Workflow.getMetricsScope().tagged(Map.of("model", model)));
  }

  /** A rollout ended, direct or canary, promoted or rolled back. */
  public void ended(RolloutStrategy strategy, RolloutOutcome outcome) {
    scope.tagged(Map.of("strategy", RunMetrics.label(strategy), "outcome", RunMetrics.label(outcome))).counter(ROLLOUTS).inc(1);
  }

  /** Production went back to an earlier version, for {@code reason}. */
  public void rolledBack(RollbackReason reason) {
    scope.tagged(Map.of("reason", RunMetrics.label(reason))).counter(ROLLBACKS).inc(1);
  }
}
