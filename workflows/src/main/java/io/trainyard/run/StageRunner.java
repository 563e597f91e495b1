package io.trainyard.run;

import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.failure.FailureTypes;
import io.trainyard.spec.Reference;
import io.trainyard.spec.StepSpec;
import io.trainyard.step.StepActivities;
import io.trainyard.step.StepRequest;
import io.trainyard.step.StepResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs the steps of one stage as a graph: a step starts once the steps of the same stage it reads
 * from have succeeded, independent steps run in parallel, and the first failure cancels the rest.
 * A step whose hardware class could not be scheduled ({@link FailureTypes#UNSCHEDULABLE}) starts
 * again on its next class, its attempts numbered on from the last one. A run with a budget gives
 * it to each step, which stops there; a step that ends with the run's spend past the budget (steps
 * running in parallel, each within it alone) stops the stage like a failure ({@link
 * FailureTypes#BUDGET_EXCEEDED}). Workflow code: deterministic.
 */
final class StageRunner {
  private final RunInput input;
  private final RunProgress progress;
  private final boolean summaries;
  private final Map<String, StepResult> results = new LinkedHashMap<>();

  /** {@code summaries}: give each step activity its Web UI summary (runs started before that have none). */
  StageRunner(RunInput input, RunProgress progress, boolean summaries) {
    this.input = input;
    this.progress = progress;
    this.summaries = summaries;
  }

  /** Results of every step that succeeded so far, by step name. */
  Map<String, StepResult> results() {
    return results;
  }

  /**
   * Run a stage's steps; throws the first step failure after the others were stopped. Steps start
   * from this one workflow thread as their dependencies complete: no workflow thread per step, so
   * replaying a run costs the same per step however many steps wait.
   */
  void run(Stage stage, List<StepSpec> steps) {
    Set<String> inStage = steps.stream().map(StepSpec::name).collect(Collectors.toSet());
    Map<String, StepSpec> waiting = new LinkedHashMap<>();
    steps.forEach(s -> waiting.put(s.name(), s));
    Map<String, Promise<StepResult>> running = new LinkedHashMap<>();
    List<CancellationScope> scopes = new ArrayList<>();
    try {
      while (!waiting.isEmpty() || !running.isEmpty()) {
        for (StepSpec step : List.copyOf(waiting.values())) {
          if (dependencies(step).stream().filter(inStage::contains).allMatch(results::containsKey)) {
            waiting.remove(step.name());
            progress.stepStarted(step.name(), step.primaryHardware(), Workflow.currentTimeMillis());
            running.put(step.name(), start(stage, step, step.primaryHardware(), 1, scopes));
          }
        }
        Workflow.await(() -> running.values().stream().anyMatch(Promise::isCompleted));
        for (Map.Entry<String, Promise<StepResult>> entry : List.copyOf(running.entrySet())) {
          if (entry.getValue().isCompleted()) {
            Optional<Promise<StepResult>> moved = nextHardware(stage, entry.getKey(), entry.getValue(), scopes);
            if (moved.isPresent()) {
              running.put(entry.getKey(), moved.get());
            } else {
              running.remove(entry.getKey());
              record(entry.getKey(), entry.getValue());
            }
          }
        }
      }
    } catch (ActivityFailure | CanceledFailure | ApplicationFailure e) {
      String why = e instanceof CanceledFailure ? "run cancelled"
          : Failures.budgetExceeded(e).isPresent() ? "stopped: the run's budget is spent"
          : "stopped: another step of the stage failed";
      scopes.forEach(CancellationScope::cancel);
      Workflow.newDetachedCancellationScope(() -> stopped(running, why)).run();
      throw e;
    }
  }

  /** Wait until the steps still running have stopped, and record them as cancelled. */
  private void stopped(Map<String, Promise<StepResult>> running, String why) {
    running.forEach((name, p) -> {
      Workflow.await(p::isCompleted);
      progress.stepEnded(name, StepState.CANCELLED, 1, why, Workflow.currentTimeMillis());
    });
  }

  private Promise<StepResult> start(
      Stage stage, StepSpec step, String hardware, int firstAttempt, List<CancellationScope> scopes) {
    ActivityOptions options =
        summaries ? ActivityPolicies.forStep(step, hardware, firstAttempt) : ActivityPolicies.forStep(step, hardware);
    StepActivities activities = Workflow.newActivityStub(StepActivities.class, options);
    Map<String, String> with = new LinkedHashMap<>();
    step.with().forEach((k, v) -> with.put(k, Reference.interpolateParams(v, input.params())));
    StepRequest request =
        new StepRequest(input.runId(), stage, step, inputs(step), input.params(), with, hardware, firstAttempt, input.budget(),
            input.spec().name(), input.spec().model().name());
    List<Promise<StepResult>> started = new ArrayList<>(1);
    CancellationScope scope = Workflow.newCancellationScope(() -> started.add(Async.function(activities::execute, request)));
    scope.run();
    scopes.add(scope);
    return started.get(0);
  }

  /**
   * When a step ended unschedulable on a class and has another, the step started on the next one;
   * empty otherwise. The failure's details are the class and the attempt that gave up on it.
   */
  private Optional<Promise<StepResult>> nextHardware(
      Stage stage, String name, Promise<StepResult> done, List<CancellationScope> scopes) {
    if (!(done.getFailure() instanceof ActivityFailure failure)
        || !(failure.getCause() instanceof ApplicationFailure app)
        || !FailureTypes.UNSCHEDULABLE.equals(app.getType())
        || app.getDetails().getSize() < 2) {
      return Optional.empty();
    }
    StepSpec step = input.spec().step(name).orElseThrow();
    int tried = step.hardware().indexOf(app.getDetails().get(0, String.class));
    if (tried < 0 || tried + 1 >= step.hardware().size()) {
      return Optional.empty();
    }
    String next = step.hardware().get(tried + 1);
    int lastAttempt = app.getDetails().get(1, Integer.class);
    progress.stepMoved(name, next, lastAttempt, Failures.describe(failure) + "; trying hardware class '" + next + "'");
    return Optional.of(start(stage, step, next, lastAttempt + 1, scopes));
  }

  private void record(String step, Promise<StepResult> done) {
    try {
      StepResult result = done.get();
      results.put(step, result);
      progress.stepSucceeded(step, result, Workflow.currentTimeMillis());
      if (input.budget() != null && result.runSpend() != null && result.runSpend().compareTo(input.budget()) > 0) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the run spent " + result.runSpend().stripTrailingZeros().toPlainString() + " of its budget "
                + input.budget().stripTrailingZeros().toPlainString() + " once step '" + step + "' ended",
            FailureTypes.BUDGET_EXCEEDED, input.budget().toPlainString(), result.runSpend().toPlainString());
      }
    } catch (ActivityFailure e) {
      boolean cancelled = e.getCause() instanceof CanceledFailure;
      progress.stepEnded(
          step,
          cancelled ? StepState.CANCELLED : StepState.FAILED,
          Failures.attempts(e, input.spec().step(step).orElseThrow()),
          Failures.describe(e),
          Workflow.currentTimeMillis());
      throw e;
    }
  }

  private Map<String, ArtifactRef> inputs(StepSpec step) {
    Map<String, ArtifactRef> resolved = new LinkedHashMap<>();
    step.inputs().forEach((name, value) -> resolved.put(name, resolve(value)));
    return resolved;
  }

  /** The artifact a spec value names: a step output reference, or an external URI. */
  ArtifactRef resolve(String value) {
    return Reference.whole(value)
        .filter(r -> r.kind() == Reference.Kind.STEP_OUTPUT)
        .map(r -> results.get(r.step()).outputs().get(r.name()))
        .orElseGet(() -> ArtifactRef.external(value));
  }

  private static Set<String> dependencies(StepSpec step) {
    return step.inputs().values().stream()
        .flatMap(v -> Reference.all(v).stream())
        .filter(r -> r.kind() == Reference.Kind.STEP_OUTPUT)
        .map(Reference::step)
        .collect(Collectors.toSet());
  }
}
