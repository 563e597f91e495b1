package io.trainyard.api.run;

import com.fasterxml.jackson.core.type.TypeReference;
import io.trainyard.api.audit.AuditTrail;
import io.trainyard.api.pipeline.PipelineCatalog;
import io.trainyard.api.pipeline.SpecJson;
import io.trainyard.api.problem.NotFoundException;
import io.trainyard.api.problem.WrongStateException;
import io.trainyard.api.security.Caller;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.run.RunRecord;
import io.trainyard.run.RunRepository;
import io.trainyard.run.RunRequestRecord;
import io.trainyard.run.RunRequestRepository;
import io.trainyard.run.RunState;
import io.trainyard.run.RunTrigger;
import io.trainyard.run.StepState;
import io.trainyard.run.TriggerKind;
import io.trainyard.spec.PipelineSpec;
import io.trainyard.spec.StepSpec;
import io.trainyard.step.StepAttemptRecord;
import io.trainyard.step.StepAttemptRepository;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reproductions of runs: start one with exactly the original's recorded inputs (its pipeline version,
 * parameters, budget and dataset versions; {@link RunStarter} refuses when the bytes under an input
 * changed, and runs it with the step cache off), and compare its step outputs with the original's.
 */
@Singleton
public class Reproductions {
  private static final TypeReference<Map<String, ArtifactRef>> OUTPUTS = new TypeReference<>() {};
  private static final String SHA256 = "sha256:";

  private final RunStarter starter;
  private final RunRequestRepository requests;
  private final RunRepository runs;
  private final StepAttemptRepository attempts;
  private final PipelineCatalog catalog;
  private final AuditTrail audit;

  public Reproductions(RunStarter starter, RunRequestRepository requests, RunRepository runs, StepAttemptRepository attempts,
      PipelineCatalog catalog, AuditTrail audit) {
    this.starter = starter;
    this.requests = requests;
    this.runs = runs;
    this.attempts = attempts;
    this.catalog = catalog;
    this.audit = audit;
  }

  /**
   * Start a reproduction of run {@code runId} (or find the one this key started) through the one start
   * path; refused (and audited) when the run is unknown, has not ended, or lacks a succeeded step to
   * compare with.
   */
  public RunStarter.Started reproduce(String requestId, Caller caller, String runId, String idempotencyKey) {
    RunTrigger trigger = RunTrigger.reproduce(runId);
    RunRequestRecord original;
    try {
      original = requests.findById(runId)
          .orElseThrow(() -> new NotFoundException("no run with id '" + runId + "' started through the API"));
      requireEnded(original);
    } catch (NotFoundException | WrongStateException e) {
      audit.record(requestId, caller, "run.start", "pipeline/" + (e instanceof NotFoundException ? "unknown" : pipelineOf(runId)),
          Map.of("reason", e.getMessage(), "trigger", SpecJson.object(trigger)), AuditTrail.REFUSED);
      throw e;
    }
    // the claim names the version by digest; a start takes its number (never null here: latest would be another version)
    Integer version = Objects.requireNonNull(catalog.numberOf(original.pipeline(), original.pipelineVersion()),
        () -> "pipeline '" + original.pipeline() + "' has no version " + original.pipelineVersion() + " any more");
    StartRunRequest request =
        new StartRunRequest(original.pipeline(), version, SpecJson.object(original.paramsJson()), original.budget());
    return starter.start(requestId, caller, request, idempotencyKey, trigger);
  }

  /** The reproduction {@code runId} compared with its original; 404 when it is not a reproduction. */
  public Reproduction compare(String runId) {
    RunRequestRecord claim = requests.findById(runId)
        .orElseThrow(() -> new NotFoundException("no run with id '" + runId + "' started through the API"));
    RunTrigger trigger = Trigger.read(claim.triggerJson());
    if (trigger.kind() != TriggerKind.REPRODUCE) {
      throw new NotFoundException("run " + runId + " is not a reproduction (it was started by " + trigger.describe() + ")");
    }
    PipelineSpec spec = catalog.spec(claim.pipeline(), claim.pipelineVersion());
    Map<String, Map<String, ArtifactRef>> original = outputs(trigger.reproduces());
    Map<String, Map<String, ArtifactRef>> reproduced = outputs(runId);
    List<Reproduction.OutputComparison> compared = new ArrayList<>();
    for (StepSpec step : spec.allSteps()) {
      for (String output : step.outputs()) {
        String then = digest(original, step.name(), output);
        String now = digest(reproduced, step.name(), output);
        compared.add(new Reproduction.OutputComparison(step.name(), output, then, now, now != null && Objects.equals(then, now)));
      }
    }
    Reproduction.OutputComparison first =
        compared.stream().filter(c -> c.reproduced() != null && !c.equal()).findFirst().orElse(null);
    String state = runs.findById(runId).map(RunRecord::state).orElse(RunState.RUNNING.name());
    return new Reproduction(runId, trigger.reproduces(), state, outcome(state, first), compared, first);
  }

  private static String outcome(String state, Reproduction.OutputComparison first) {
    if (first != null) {
      return Reproduction.DIFFERENT;
    }
    RunState run = RunState.valueOf(state);
    return !run.isFinal() ? Reproduction.RUNNING : run == RunState.SUCCEEDED ? Reproduction.EQUAL : Reproduction.FAILED;
  }

  /** The original must have ended with every step succeeded: there is something to compare with. */
  private void requireEnded(RunRequestRecord original) {
    RunRecord run = runs.findById(original.runId()).filter(r -> RunState.valueOf(r.state()).isFinal())
        .orElseThrow(() -> new WrongStateException("run " + original.runId() + " has not ended: reproduce it once it has"));
    Map<String, Map<String, ArtifactRef>> outputs = outputs(run.runId());
    catalog.spec(original.pipeline(), original.pipelineVersion()).allSteps().stream()
        .filter(step -> !outputs.containsKey(step.name()))
        .findFirst()
        .ifPresent(step -> {
          throw new WrongStateException("run " + run.runId() + " has no succeeded attempt of step '" + step.name()
              + "': a reproduction would have nothing to compare that step with");
        });
  }

  private String pipelineOf(String runId) {
    return requests.findById(runId).map(RunRequestRecord::pipeline).orElse("unknown");
  }

  /** The outputs of each step's succeeded attempt, by step. */
  private Map<String, Map<String, ArtifactRef>> outputs(String runId) {
    Map<String, Map<String, ArtifactRef>> byStep = new HashMap<>();
    for (StepAttemptRecord attempt : attempts.findByRunIdOrderByIdAsc(runId)) {
      if (StepState.SUCCEEDED.name().equals(attempt.state())) {
        byStep.put(attempt.step(), SpecJson.read(attempt.outputsJson(), OUTPUTS));
      }
    }
    return byStep;
  }

  private static String digest(Map<String, Map<String, ArtifactRef>> outputs, String step, String output) {
    ArtifactRef ref = outputs.getOrDefault(step, Map.of()).get(output);
    return ref == null || ref.sha256() == null ? null : SHA256 + ref.sha256();
  }
}
