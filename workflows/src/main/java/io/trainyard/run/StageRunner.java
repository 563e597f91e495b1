package io.trainyard.run;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.spec.Reference;
import io.trainyard.spec.StepSpec;
import io.trainyard.step.StepActivities;
import io.trainyard.step.StepRequest;
import io.trainyard.step.StepResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs the steps of one stage as a graph: a step starts once the steps of the same stage it reads
 * from have succeeded, independent steps run in parallel, and the first failure cancels the rest.
 * Workflow code: deterministic.
 */
final class StageRunner {
  private final RunInput input;
  private final RunProgress progress;
  private final Map<String, StepResult> results = new LinkedHashMap<>();

  StageRunner(RunInput input, RunProgress progress) {
    this.input = input;
    this.progress = progress;
  }

  /** Results of every step that succeeded so far, by step name. */
  Map<String, StepResult> results() {
    return results;
  }

  /** Run a stage's steps; throws the first step failure after the others were stopped. */
  void run(Stage stage, List<StepSpec> steps) {
    Set<String> inStage = steps.stream().map(StepSpec::name).collect(Collectors.toSet());
    Map<String, Promise<StepResult>> started = new LinkedHashMap<>();
    CancellationScope scope =
        Workflow.newCancellationScope(
            () -> {
              for (StepSpec step : steps) {
                List<Promise<StepResult>> deps = new ArrayList<>();
                dependencies(step).stream().filter(inStage::contains).forEach(d -> deps.add(started.get(d)));
                started.put(step.name(), Async.function(() -> afterDependencies(deps, stage, step)));
              }
            });
    scope.run();
    try {
      Promise.allOf(started.values()).get();
    } catch (ActivityFailure | CanceledFailure e) {
      scope.cancel();
      started.values().forEach(p -> Workflow.await(p::isCompleted));
      throw e;
    }
  }

  private StepResult afterDependencies(List<Promise<StepResult>> deps, Stage stage, StepSpec step) {
    deps.forEach(Promise::get);
    return runStep(stage, step);
  }

  private StepResult runStep(Stage stage, StepSpec step) {
    progress.stepStarted(step.name(), Workflow.currentTimeMillis());
    StepActivities activities =
        Workflow.newActivityStub(StepActivities.class, ActivityPolicies.forStep(step));
    Map<String, String> with = new LinkedHashMap<>();
    step.with().forEach((k, v) -> with.put(k, Reference.interpolateParams(v, input.params())));
    StepRequest request = new StepRequest(input.runId(), stage, step, inputs(step), input.params(), with);
    try {
      StepResult result = activities.execute(request);
      results.put(step.name(), result);
      progress.stepSucceeded(step.name(), result, Workflow.currentTimeMillis());
      return result;
    } catch (ActivityFailure e) {
      boolean cancelled = e.getCause() instanceof CanceledFailure;
      progress.stepEnded(
          step.name(),
          cancelled ? StepState.CANCELLED : StepState.FAILED,
          Failures.attempts(e, step),
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
