package io.trainyard.run;

import com.uber.m3.tally.Scope;
import io.temporal.workflow.Workflow;
import java.util.Locale;
import java.util.Map;

/**
 * A run's metrics, emitted from workflow code through {@link Workflow#getMetricsScope()}: a replay
 * emits nothing, and the SDK reports them with its own through the worker's Micrometer registry
 * (Prometheus: {@code trainyard_runs_started_total}, {@code trainyard_runs_finished_total},
 * {@code trainyard_stage_duration_seconds}). Every label is bounded (model, pipeline, trigger kind,
 * stage, outcome); never a run id. Names and labels are documented in docs/operations.md.
 */
public final class RunMetrics {
  public static final String RUNS_STARTED = "trainyard.runs.started";
  public static final String RUNS_FINISHED = "trainyard.runs.finished";
  public static final String STAGE_DURATION = "trainyard.stage.duration";

  private final Scope scope;

  private RunMetrics(Scope scope) {
    this.scope = scope;
  }

  /** The metrics of the run of {@code input}, labelled with its model and pipeline. */
  static RunMetrics of(RunInput input) {
    return new RunMetrics(Workflow.getMetricsScope()
        .tagged(Map.of("model", input.spec().model().name(), "pipeline", input.spec().name())));
  }

  void started(TriggerKind trigger) {
    scope.tagged(Map.of("trigger", trigger.value())).counter(RUNS_STARTED).inc(1);
  }

  /** The run ended in {@code state}: the outcome label is the state's name in lower case. */
  void finished(RunState state) {
    scope.tagged(Map.of("outcome", label(state))).counter(RUNS_FINISHED).inc(1);
  }

  /** A stage ended (succeeded, failed or cancelled) after its wall-clock duration. */
  void stageEnded(StageStatus stage) {
    scope.tagged(Map.of("stage", label(stage.stage()), "outcome", label(stage.state())))
        .timer(STAGE_DURATION)
        .record(com.uber.m3.util.Duration.ofMillis(stage.durationMillis()));
  }

  /** An enum constant as a label value: its name in lower case. */
  public static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
