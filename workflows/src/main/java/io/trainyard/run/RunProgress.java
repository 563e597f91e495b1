package io.trainyard.run;

import io.trainyard.gate.GateResult;
import io.trainyard.model.ModelVersionRef;
import io.trainyard.rollout.RolloutStatus;
import io.trainyard.spec.StepSpec;
import io.trainyard.step.StepResult;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The mutable state of one run inside its workflow, and the {@link RunStatus} built from it. Plain
 * deterministic code: times are passed in from {@code Workflow.currentTimeMillis()}. A listener
 * ({@link #onChange}) hears every change, so the workflow can keep its Web UI details current.
 */
final class RunProgress {
  private static final List<Stage> SHOWN =
      List.of(Stage.PREPARE, Stage.TRAIN, Stage.EVALUATE, Stage.GATE, Stage.ROLLOUT);

  private final RunInput input;
  private final long startedAt;
  private final Map<String, StepStatus> steps = new LinkedHashMap<>();
  private final Map<Stage, StageStatus> stages = new EnumMap<>(Stage.class);
  private final Map<String, Double> metrics = new TreeMap<>();
  private Stage stage = Stage.PREPARE;
  private RunState state = RunState.RUNNING;
  private GateResult gate;
  private PendingApproval pendingApproval;
  private RolloutStatus rollout;
  private ModelVersionRef model;
  private String alias;
  private String message;
  private long finishedAt;
  private Runnable onChange = () -> {};
  private Consumer<StageStatus> onStageEnded = ended -> {};

  RunProgress(RunInput input, long startedAt) {
    this.input = input;
    this.startedAt = startedAt;
    SHOWN.forEach(s -> stages.put(s, StageStatus.pending(s)));
    addSteps(Stage.PREPARE, input.spec().prepare());
    addSteps(Stage.TRAIN, input.spec().train());
    addSteps(Stage.EVALUATE, input.spec().evaluate());
  }

  private void addSteps(Stage inStage, List<StepSpec> specs) {
    specs.forEach(s -> steps.put(s.name(), StepStatus.pending(s.name(), inStage)));
  }

  /** Call {@code listener} after every change from now on. */
  void onChange(Runnable listener) {
    onChange = listener;
  }

  /** Call {@code listener} with every stage that ends from now on (its metrics). */
  void onStageEnded(Consumer<StageStatus> listener) {
    onStageEnded = listener;
  }

  Stage stage() {
    return stage;
  }

  RunState state() {
    return state;
  }

  void enterStage(Stage next, long now) {
    stage = next;
    stages.put(next, new StageStatus(next, StepState.RUNNING, 0, now, 0, null));
    onChange.run();
  }

  void endStage(Stage ended, StepState result, String detail, long now) {
    StageStatus current = stages.get(ended);
    int attempts =
        steps.values().stream().filter(s -> s.stage() == ended).mapToInt(StepStatus::attempts).sum();
    StageStatus done =
        new StageStatus(ended, result, attempts, current.startedAtMillis(), now - current.startedAtMillis(), detail);
    stages.put(ended, done);
    onStageEnded.accept(done);
    onChange.run();
  }

  /** What a running stage is doing now, such as whom it waits for. */
  void noteStage(Stage running, String detail) {
    StageStatus s = stages.get(running);
    stages.put(running, new StageStatus(running, s.state(), s.attempts(), s.startedAtMillis(), s.durationMillis(), detail));
    onChange.run();
  }

  void stepStarted(String step, String hardware, long now) {
    StepStatus s = steps.get(step);
    steps.put(step, new StepStatus(step, s.stage(), StepState.RUNNING, s.attempts(), now, 0, false, null, null, null, hardware, null));
    onChange.run();
  }

  /** The step could not be scheduled on its class and now runs on the next one. */
  void stepMoved(String step, String hardware, int attemptsSoFar, String why) {
    StepStatus s = steps.get(step);
    steps.put(
        step,
        new StepStatus(step, s.stage(), StepState.RUNNING, attemptsSoFar, s.startedAtMillis(), 0, false, null, null, why, hardware,
            null));
    onChange.run();
  }

  void stepSucceeded(String step, StepResult result, long now) {
    StepStatus s = steps.get(step);
    steps.put(
        step,
        new StepStatus(
            step, s.stage(), StepState.SUCCEEDED, result.attempt(), s.startedAtMillis(),
            now - s.startedAtMillis(), result.cached(), result.outputs(), result.metrics(), null,
            result.hardware() != null ? result.hardware() : s.hardware(), result.time()));
    metrics.putAll(result.metrics());
    onChange.run();
  }

  void stepEnded(String step, StepState ended, int attempts, String error, long now) {
    StepStatus s = steps.get(step);
    steps.put(
        step,
        new StepStatus(
            step, s.stage(), ended, attempts, s.startedAtMillis(), now - s.startedAtMillis(), false,
            null, null, error, s.hardware(), null));
    onChange.run();
  }

  Map<String, Double> metrics() {
    return Map.copyOf(metrics);
  }

  void setState(RunState next) {
    state = next;
    onChange.run();
  }

  void setGate(GateResult result) {
    gate = result;
    onChange.run();
  }

  void setPendingApproval(PendingApproval pending) {
    pendingApproval = pending;
    onChange.run();
  }

  void setRollout(RolloutStatus status) {
    rollout = status;
    onChange.run();
  }

  void setModel(ModelVersionRef version, String aliasNow) {
    model = version;
    alias = aliasNow;
    onChange.run();
  }

  void setAlias(String aliasNow) {
    alias = aliasNow;
    onChange.run();
  }

  void finish(RunState finalState, String why, long now) {
    state = finalState;
    message = why;
    finishedAt = now;
    if (stage != Stage.DONE) {
      StageStatus current = stages.get(stage);
      if (current != null && current.state() == StepState.RUNNING) {
        endStage(stage, finalState == RunState.CANCELLED ? StepState.CANCELLED : StepState.FAILED, why, now);
      }
    }
    stage = Stage.DONE;
    onChange.run();
  }

  RunStatus status() {
    List<StageStatus> stageList = new ArrayList<>();
    SHOWN.forEach(s -> stageList.add(stages.get(s)));
    return new RunStatus(
        input.runId(), input.spec().name(), input.pipelineVersion(), input.startedBy(), startedAt,
        finishedAt, stage, state, stageList, List.copyOf(steps.values()), metrics, gate,
        pendingApproval, rollout, model, alias, message);
  }
}
