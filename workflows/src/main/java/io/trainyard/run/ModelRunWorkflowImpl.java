package io.trainyard.run;

import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.failure.FailureTypes;
import io.trainyard.gate.GateActivities;
import io.trainyard.gate.GateEvaluation;
import io.trainyard.gate.GateResult;
import io.trainyard.gate.RuleResult;
import io.trainyard.model.Aliases;
import io.trainyard.model.ModelRegistration;
import io.trainyard.model.ModelVersionRef;
import io.trainyard.model.ProductionModel;
import io.trainyard.registry.RegistryActivities;
import io.trainyard.rollout.RolloutInput;
import io.trainyard.rollout.RolloutMetrics;
import io.trainyard.rollout.RolloutOutcome;
import io.trainyard.rollout.RolloutSlot;
import io.trainyard.rollout.RolloutStatus;
import io.trainyard.rollout.RolloutStory;
import io.trainyard.rollout.RolloutWorkflow;
import io.trainyard.rollout.ServingChanges;
import io.trainyard.rollout.SlotNotice;
import io.trainyard.spec.ApprovalPolicy;
import io.trainyard.spec.PipelineSpec;
import io.trainyard.spec.RolloutSpec;
import io.trainyard.spec.RolloutStrategy;
import io.trainyard.spec.StepSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The life of one model run; see {@link ModelRunWorkflow}. */
public class ModelRunWorkflowImpl implements ModelRunWorkflow {
  /** Change id: the gate records its wait for approvals in the registry (2: with what it waits for). */
  static final String GATE_WAIT_RECORDED = "gate-wait-recorded";
  /** Change id: the rollout takes the model's rollout slot and reads production once it holds it. */
  static final String ROLLOUT_SLOT = "rollout-slot";
  /**
   * Change id: the run tells its story in the Web UI: it moves the {@code TrainyardStage} search
   * attribute with its stage, keeps its current details up to date, and gives each step activity and
   * the rollout child a summary.
   */
  static final String WEB_UI_STORY = "web-ui-story";
  /**
   * Change id: a reproduction ({@link TriggerKind#REPRODUCE}) ends after evaluate: it registers no
   * model version, has no gate and never rolls out. Only reproductions ask, so no earlier history
   * meets it.
   */
  static final String REPRODUCTION = "reproduction";

  private final RegistryActivities registry = Workflow.newActivityStub(RegistryActivities.class);
  private final GateActivities gate = Workflow.newActivityStub(GateActivities.class);
  private RunInput input;
  private RunProgress progress;
  private RunMetrics metrics;
  private ApprovalGate approvals;
  private RolloutWorkflow rolloutChild;
  private Promise<RolloutStatus> rolloutResult;
  private RolloutSlot slot;
  private boolean story;

  @Override
  public RunStatus run(RunInput runInput) {
    input = runInput;
    story = Workflow.getVersion(WEB_UI_STORY, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
    progress = new RunProgress(runInput, Workflow.currentTimeMillis());
    metrics = RunMetrics.of(runInput);
    progress.onStageEnded(metrics::stageEnded);
    if (story) {
      progress.onChange(this::showProgress);
      showProgress();
    }
    approvals = new ApprovalGate(runInput.spec().gate().approval(), runInput.startedBy());
    registry.runStarted(new RunStarted(Workflow.getInfo().getWorkflowId(), runInput, Workflow.currentTimeMillis()));
    metrics.started(runInput.trigger().kind());
    try {
      StageRunner steps = new StageRunner(runInput, progress, story);
      PipelineSpec spec = runInput.spec();
      runStage(steps, Stage.PREPARE, spec.prepare());
      runStage(steps, Stage.TRAIN, spec.train());
      runStage(steps, Stage.EVALUATE, spec.evaluate());
      if (reproduction()) {
        finish(RunState.SUCCEEDED, "reproduction of run " + runInput.trigger().reproduces()
            + ": every step ran again; a reproduction registers no model version and never rolls out");
        return progress.status();
      }
      ModelVersionRef candidate = register(steps);
      ProductionModel production = registry.production(candidate.model());
      if (gateAndApprove(production)) {
        roll(steps, candidate, production);
      }
    } catch (TemporalFailure e) {
      if (CancellationScope.current().isCancelRequested()) {
        Workflow.newDetachedCancellationScope(() -> finish(RunState.CANCELLED, "cancelled")).run();
        throw e instanceof CanceledFailure ? e : new CanceledFailure("run cancelled");
      }
      String stage = "stage " + progress.stage().name().toLowerCase();
      Optional<ApplicationFailure> overBudget = Failures.budgetExceeded(e);
      if (overBudget.isPresent()) {
        finish(RunState.BUDGET_EXCEEDED, stage + " stopped: " + overBudget.get().getOriginalMessage());
        return progress.status();
      }
      String why = stage + " failed: " + Failures.describe(e);
      finish(RunState.FAILED, why);
      throw ApplicationFailure.newNonRetryableFailureWithCause(why, "trainyard.RunFailed", e, progress.status());
    }
    return progress.status();
  }

  /** Whether this run reproduces another, and so ends after evaluate. */
  private boolean reproduction() {
    return input.trigger().kind() == TriggerKind.REPRODUCE
        && Workflow.getVersion(REPRODUCTION, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
  }

  private void runStage(StageRunner steps, Stage stage, List<StepSpec> specs) {
    enter(stage);
    steps.run(stage, specs);
    end(stage, StepState.SUCCEEDED, null);
  }

  private ModelVersionRef register(StageRunner steps) {
    PipelineSpec spec = input.spec();
    ArtifactRef artifact = steps.resolve(spec.model().artifact());
    Map<String, String> dataDigests = new TreeMap<>();
    spec.prepare().forEach(
        s -> steps.results().get(s.name()).outputs().forEach((name, ref) -> dataDigests.put(s.name() + "." + name, ref.sha256())));
    ModelVersionRef candidate =
        registry.registerModel(
            new ModelRegistration(
                input.runId(), spec.model().name(), artifact, spec.name(), input.pipelineVersion(),
                dataDigests, input.params(), progress.metrics(), input.codeVersion()));
    progress.setModel(candidate, null);
    return candidate;
  }

  /** The gate: rules, then approvals. True when the candidate may roll out. */
  private boolean gateAndApprove(ProductionModel production) {
    enter(Stage.GATE);
    GateResult rules =
        gate.evaluate(new GateEvaluation(input.spec().gate().rules(), progress.metrics(), production));
    progress.setGate(rules);
    if (!rules.passed()) {
      String failed =
          rules.results().stream().filter(r -> !r.passed()).map(RuleResult::rule).collect(Collectors.joining(", "));
      end(Stage.GATE, StepState.FAILED, "rules failed: " + failed);
      finish(RunState.REJECTED, "gate rules failed: " + failed);
      return false;
    }
    if (input.spec().gate().approval().required() > 0) {
      recordWaitingForApproval();
      ApprovalGate.Outcome outcome = approvals.await(progress);
      if (!outcome.approved()) {
        end(Stage.GATE, StepState.FAILED, outcome.reason());
        finish(RunState.REJECTED, outcome.reason());
        return false;
      }
      end(Stage.GATE, StepState.SUCCEEDED, outcome.reason());
    } else {
      end(Stage.GATE, StepState.SUCCEEDED, "rules passed");
    }
    return true;
  }

  /**
   * Tell the registry the run now waits for people, so that listings by state find it; the next
   * stage change or the run's end moves it on. Runs started before this change never recorded it.
   */
  private void recordWaitingForApproval() {
    int version = Workflow.getVersion(GATE_WAIT_RECORDED, Workflow.DEFAULT_VERSION, 2);
    if (version == Workflow.DEFAULT_VERSION) {
      return;
    }
    ApprovalPolicy policy = input.spec().gate().approval();
    long now = Workflow.currentTimeMillis();
    // from version 2 on, what the gate waits for too, so that the registry alone lists waiting runs
    GateOpened gate = version < 2 ? null : new GateOpened(
        policy.required(), policy.role(), policy.fourEyes(), now + policy.timeoutDuration().toMillis(), progress.metrics());
    registry.stageChanged(new StageChange(
        input.runId(), Stage.GATE, RunState.WAITING_APPROVAL,
        "waiting for " + policy.required() + " approval" + (policy.required() == 1 ? "" : "s") + " by role " + policy.role(),
        now, gate));
  }

  /**
   * The rollout, one run of the model at a time: the run waits for its model's rollout slot (or
   * follows {@code rollout.concurrency}), and compares its canary with the production of the moment
   * it got the slot, not the one its gate saw. Runs started before this change roll out at once.
   */
  private void roll(StageRunner steps, ModelVersionRef candidate, ProductionModel production) {
    enter(Stage.ROLLOUT);
    if (Workflow.getVersion(ROLLOUT_SLOT, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      rollOut(steps, candidate, production);
      return;
    }
    RolloutSpec spec = input.spec().rollout();
    slot = new RolloutSlot(input.runId(), candidate.model(), spec.target(), spec.concurrency(), false);
    try {
      SlotNotice answer = slot.acquire(this::showWaiting);
      SlotNotice notMine = answer.kind() != SlotNotice.Kind.GRANTED ? answer
          : slot.superseded().isCompleted() ? slot.superseded().get() : null;
      if (notMine != null) {
        end(Stage.ROLLOUT, StepState.FAILED, notMine.reason());
        finish(RunState.REJECTED, "not rolled out: " + notMine.reason());
        return;
      }
      progress.noteStage(Stage.ROLLOUT, null);
      rollOut(steps, candidate, registry.production(candidate.model()));
    } finally {
      slot.release();
    }
  }

  private void showWaiting(SlotNotice waiting) {
    progress.noteStage(Stage.ROLLOUT, waiting.reason());
    registry.stageChanged(
        new StageChange(input.runId(), Stage.ROLLOUT, progress.state(), waiting.reason(), Workflow.currentTimeMillis()));
  }

  private void rollOut(StageRunner steps, ModelVersionRef candidate, ProductionModel production) {
    RolloutSpec spec = input.spec().rollout();
    if (spec.strategy() == RolloutStrategy.DIRECT || !production.exists()) {
      String why =
          production.exists() ? "direct rollout" : "first version of the model: nothing to compare a canary with";
      new ServingChanges(input.runId()).promote(candidate, why);
      RolloutMetrics.of(candidate.model()).ended(RolloutStrategy.DIRECT, RolloutOutcome.PROMOTED);
      progress.setAlias(Aliases.PRODUCTION);
      end(Stage.ROLLOUT, StepState.SUCCEEDED, why);
      finish(RunState.SUCCEEDED, "promoted to production: " + why);
      return;
    }
    ArtifactRef traffic = spec.traffic() == null ? null : steps.resolve(spec.traffic().source());
    RolloutInput canary = new RolloutInput(input.runId(), spec, candidate, production.version(), traffic);
    ChildWorkflowOptions.Builder options =
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(RolloutWorkflow.idFor(input.workflowId()))
            .setTaskQueue(Workflow.getInfo().getTaskQueue())
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL);
    if (story) {
      options
          .setStaticSummary(RolloutStory.summary(canary))
          .setStaticDetails(RolloutStory.plan(canary))
          .setTypedSearchAttributes(SearchAttributes.newBuilder()
              .set(RunSearchAttributes.MODEL, candidate.model())
              .set(RunSearchAttributes.PIPELINE, input.spec().name())
              .set(RunSearchAttributes.RUN_ID, input.runId())
              .build());
    }
    rolloutChild = Workflow.newChildWorkflowStub(RolloutWorkflow.class, options.build());
    rolloutResult = Async.function(rolloutChild::rollout, canary);
    if (story) {
      showProgress();
    }
    if (slot != null) {
      // a promise, not Workflow.await: a cancelled run waits here until its rollout has rolled back
      Promise.anyOf(rolloutResult, slot.superseded()).get();
      if (!rolloutResult.isCompleted()) {
        rolloutChild.abort(new RollbackRequest("trainyard", slot.superseded().get().reason()));
      }
    }
    RolloutStatus result = rolloutResult.get();
    progress.setRollout(result);
    if (result.outcome() == RolloutOutcome.PROMOTED) {
      progress.setAlias(Aliases.PRODUCTION);
      end(Stage.ROLLOUT, StepState.SUCCEEDED, result.reason());
      finish(RunState.SUCCEEDED, "promoted to production: " + result.reason());
    } else {
      end(Stage.ROLLOUT, StepState.FAILED, result.reason());
      finish(RunState.ROLLED_BACK, result.reason());
    }
  }

  private void enter(Stage stage) {
    progress.enterStage(stage, Workflow.currentTimeMillis());
    showStage();
    registry.stageChanged(new StageChange(input.runId(), stage, progress.state(), null, Workflow.currentTimeMillis()));
  }

  private void end(Stage stage, StepState result, String detail) {
    progress.endStage(stage, result, detail, Workflow.currentTimeMillis());
  }

  private void finish(RunState state, String why) {
    progress.finish(state, why, Workflow.currentTimeMillis());
    metrics.finished(state);
    showStage();
    registry.runFinished(new RunFinished(progress.status(), Workflow.currentTimeMillis()));
  }

  /** The stage as a search attribute, so that the Web UI lists runs by stage; one upsert per change. */
  private void showStage() {
    String stage = progress.stage().name();
    if (story && !stage.equals(Workflow.getTypedSearchAttributes().get(RunSearchAttributes.STAGE))) {
      Workflow.upsertTypedSearchAttributes(RunSearchAttributes.STAGE.valueSet(stage));
    }
  }

  /** The run's story as the Web UI's current details; the canary's own while its child runs. */
  private void showProgress() {
    String canary = rolloutResult != null && !rolloutResult.isCompleted() ? RolloutWorkflow.idFor(input.workflowId()) : null;
    Workflow.setCurrentDetails(RunStory.current(input, progress.status(), canary));
  }

  @Override
  public RunStatus status() {
    return progress == null ? null : progress.status();
  }

  @Override
  public DecisionResult decide(Decision decision) {
    return approvals.apply(decision, progress);
  }

  @Override
  public void validateDecide(Decision decision) {
    if (approvals == null) {
      throw ApplicationFailure.newNonRetryableFailure("the run has not started yet", FailureTypes.NOT_ALLOWED);
    }
    approvals.validate(decision);
  }

  @Override
  public void rolloutSlot(SlotNotice notice) {
    if (slot != null) {
      slot.onNotice(notice);
    }
  }

  @Override
  public RunStatus rollback(RollbackRequest request) {
    rolloutChild.abort(request);
    Workflow.await(rolloutResult::isCompleted);
    Workflow.await(() -> progress.state().isFinal());
    return progress.status();
  }

  @Override
  public void validateRollback(RollbackRequest request) {
    if (rolloutChild == null || rolloutResult.isCompleted()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no rollout is live for this run: a finished run is rolled back by moving the production alias",
          FailureTypes.NOT_ALLOWED);
    }
    if (request == null || request.user() == null || request.user().isBlank()) {
      throw ApplicationFailure.newNonRetryableFailure("a rollback request needs a user", FailureTypes.NOT_ALLOWED);
    }
  }
}
