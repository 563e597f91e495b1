package io.trainyard.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.trainyard.failure.FailureTypes;
import io.trainyard.model.AliasMove;
import io.trainyard.model.Aliases;
import io.trainyard.restore.ModelRestoreWorkflow;
import io.trainyard.restore.ModelRestoreWorkflowImpl;
import io.trainyard.restore.RestoreInput;
import io.trainyard.restore.RestoreResult;
import io.trainyard.restore.RestoreWorkflowOptions;
import io.trainyard.rollout.RolloutLockState;
import io.trainyard.rollout.RolloutLockWorkflow;
import io.trainyard.rollout.RolloutLockWorkflowImpl;
import io.trainyard.rollout.RolloutLocksImpl;
import io.trainyard.rollout.RolloutOutcome;
import io.trainyard.rollout.RolloutWorkflow;
import io.trainyard.rollout.RolloutWorkflowImpl;
import io.trainyard.rollout.SlotRequest;
import io.trainyard.rollout.TrafficSplit;
import io.trainyard.spec.ApprovalPolicy;
import io.trainyard.spec.PipelineSpec;
import io.trainyard.spec.RolloutConcurrency;
import io.trainyard.spec.RolloutSpec;
import io.trainyard.spec.RolloutTarget;
import io.trainyard.spec.StepSpec;
import io.trainyard.spec.TimeoutAction;
import io.trainyard.step.StepRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

class ModelRunWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      WebUi.withSearchAttributes(TestWorkflowExtension.newBuilder())
          .registerWorkflowImplementationTypes(
              ActivityPolicies.workflowImplementationOptions(),
              ModelRunWorkflowImpl.class,
              RolloutWorkflowImpl.class,
              RolloutLockWorkflowImpl.class,
              ModelRestoreWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private final FakeSteps steps = new FakeSteps();
  private final FakeRegistry registry = new FakeRegistry();
  private final FakeGate gate = new FakeGate();
  private final FakeRollout rollout = new FakeRollout();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private WorkflowOptions options;

  private String testName;

  @BeforeEach
  void start(TestInfo info, TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options) {
    this.testName = info.getTestMethod().orElseThrow().getName();
    this.env = env;
    this.client = client;
    this.options = options;
    // under load the lock continues as new several times, to show that it keeps its holder and queue; past
    // the first burst of requests: the Java test server can lose a continue-as-new that races a burst of
    // signals and then never skips time again (a real server rejects that completion and the SDK retries)
    int lockHistory = testName.startsWith("twentyRuns") ? 200 : 0;
    worker.registerActivitiesImplementations(registry, gate, rollout, new RolloutLocksImpl(lockHistory));
    for (String hardware : List.of("cpu", "gpu-h100", "gpu-a100")) {
      env.newWorker(TaskQueues.forHardware(hardware)).registerActivitiesImplementations(steps);
    }
    env.start();
  }

  /** The run's stub with the options every start path uses, on the test's task queue. */
  private ModelRunWorkflow stub(RunInput input) {
    return client.newWorkflowStub(
        ModelRunWorkflow.class,
        WorkflowOptions.newBuilder(RunWorkflowOptions.of(input)).setTaskQueue(options.getTaskQueue()).build());
  }

  private RunStatus run(PipelineSpec spec) {
    RunInput input = TestPipelines.input("r1", spec);
    RunStatus status = stub(input).run(input);
    recordHistory(input.workflowId());
    return status;
  }

  private void recordHistory(String workflowId) {
    Histories.recordIfAsked(client, workflowId, "run-" + testName);
    if (!rollout.splits.isEmpty() && rollout.splits.get(0).canary() != null) {
      Histories.recordIfAsked(client, RolloutWorkflow.idFor(workflowId), "rollout-" + testName);
    }
  }

  @Test
  void firstVersionRunsEveryStageAndGoesLiveDirectly() {
    RunStatus status = run(TestPipelines.pipeline(ApprovalPolicy.NONE, TestPipelines.canary("1m")));

    assertThat(status.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(status.stages()).allMatch(s -> s.state() == StepState.SUCCEEDED);
    assertThat(status.metrics()).containsEntry("accuracy", 0.95);
    assertThat(status.model().version()).isEqualTo(2);
    assertThat(status.alias()).isEqualTo(Aliases.PRODUCTION);
    assertThat(registry.alias(Aliases.PRODUCTION)).isEqualTo(2);
    assertThat(rollout.last().stable().version()).isEqualTo(2);
    assertThat(registry.finished).singleElement().satisfies(f -> assertThat(f.status().state()).isEqualTo(RunState.SUCCEEDED));
    assertThat(steps.requests).extracting(r -> r.spec().name()).containsExactly("split", "train", "evaluate");
    assertThat(steps.requests.get(1).inputs().get("train").uri()).isEqualTo("file:///store/split/train");

    String id = RunInput.workflowId("demo", "r1");
    WorkflowExecutionDescription run = WebUi.describe(client, id);
    assertThat(run.getTypedSearchAttributes().get(RunSearchAttributes.STAGE)).isEqualTo("DONE");
    assertThat(run.getTypedSearchAttributes().get(RunSearchAttributes.MODEL)).isEqualTo("clf");
    assertThat(run.getTypedSearchAttributes().get(RunSearchAttributes.PIPELINE)).isEqualTo("demo");
    assertThat(run.getTypedSearchAttributes().get(RunSearchAttributes.RUN_ID)).isEqualTo("r1");
    assertThat(run.getTypedSearchAttributes().get(RunSearchAttributes.TRIGGER)).isEqualTo("api");
    assertThat(stageUpserts(id)).containsExactly("TRAIN", "EVALUATE", "GATE", "ROLLOUT", "DONE");
    assertThat(run.getStaticSummary()).isEqualTo("clf · demo test · run r1");
    assertThat(run.getStaticDetails()).contains("- started by alice via api\n").contains("| seed | 1 |");
    assertThat(WebUi.activitySummaries(client, id, "Step.")).containsExactly("split on cpu", "train on cpu", "evaluate on cpu");
    assertThat(WebUi.currentDetails(client, id))
        .startsWith("**SUCCEEDED** · stage **done** · promoted to production: first version of the model")
        .contains("| evaluate | succeeded |")
        .contains("| accuracy | 0.95 |")
        .endsWith("**Model** `clf:2` at `production`\n");
  }

  /** The values the run gave its stage search attribute after its start, in order. */
  private List<String> stageUpserts(String workflowId) {
    return client.fetchHistory(workflowId).getEvents().stream()
        .filter(HistoryEvent::hasUpsertWorkflowSearchAttributesEventAttributes)
        .map(e -> e.getUpsertWorkflowSearchAttributesEventAttributes().getSearchAttributes()
            .getIndexedFieldsOrThrow(RunSearchAttributes.STAGE.getName()))
        .map(payload -> DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, String.class, String.class))
        .toList();
  }

  @Test
  void aReproductionEndsAfterEvaluateWithoutModelVersionGateOrRollout() {
    registry.seedProduction(1);
    PipelineSpec spec = TestPipelines.pipeline(new ApprovalPolicy(1, "approver", true, "2h", null), TestPipelines.canary("1m"));
    RunInput input = new RunInput("r2", spec.reproduced(Map.of()), "sha256:test", Map.of("seed", 1), "alice", "test",
        RunTrigger.reproduce("r1"), null);

    RunStatus status = stub(input).run(input);
    recordHistory(input.workflowId());

    assertThat(status.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(status.message()).startsWith("reproduction of run r1: every step ran again");
    assertThat(status.model()).isNull();
    assertThat(status.stages()).extracting(StageStatus::stage, StageStatus::state).containsExactly(
        tuple(Stage.PREPARE, StepState.SUCCEEDED), tuple(Stage.TRAIN, StepState.SUCCEEDED),
        tuple(Stage.EVALUATE, StepState.SUCCEEDED), tuple(Stage.GATE, StepState.PENDING),
        tuple(Stage.ROLLOUT, StepState.PENDING));
    assertThat(steps.requests).extracting(r -> r.spec().name()).containsExactly("split", "train", "evaluate");
    assertThat(steps.requests).allMatch(r -> !r.spec().cache());
    assertThat(gate.seen).isNull();
    assertThat(rollout.splits).isEmpty();
    assertThat(registry.alias(Aliases.PRODUCTION)).isEqualTo(1);
    assertThat(registry.finished).singleElement().satisfies(f -> assertThat(f.status().state()).isEqualTo(RunState.SUCCEEDED));
    WorkflowExecutionDescription run = WebUi.describe(client, input.workflowId());
    assertThat(run.getTypedSearchAttributes().get(RunSearchAttributes.TRIGGER)).isEqualTo("reproduce");
    assertThat(run.getStaticDetails()).contains("via reproduce run r1");
  }

  @Test
  void aStepUnschedulableOnItsClassMovesToTheNextAndTheRunRecordsWhichClassRan() {
    steps.unschedulable.add("gpu-h100");
    PipelineSpec spec = TestPipelines.pipeline(ApprovalPolicy.NONE, RolloutSpec.DIRECT_LOCAL);
    StepSpec train = spec.step("train").orElseThrow();
    StepSpec onGpus = new StepSpec(train.name(), train.run(), null, null, train.inputs(), train.outputs(),
        List.of("gpu-h100", "gpu-a100", "cpu"), train.retries(), train.timeout(), train.heartbeat(), false, null, null);

    RunStatus status = run(TestPipelines.withTrain(spec, onGpus));

    assertThat(status.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(steps.requests).filteredOn(r -> r.spec().name().equals("train"))
        .extracting(StepRequest::hardwareClass, StepRequest::firstAttempt)
        .containsExactly(tuple("gpu-h100", 1), tuple("gpu-a100", 2));
    assertThat(step(status, "train").hardware()).isEqualTo("gpu-a100");
    assertThat(step(status, "train").attempts()).isEqualTo(2);
    assertThat(step(status, "split").hardware()).isEqualTo("cpu");
    assertThat(WebUi.activitySummaries(client, RunInput.workflowId("demo", "r1"), "Step."))
        .containsExactly("split on cpu", "train on gpu-h100", "train on gpu-a100 (attempts from 2)", "evaluate on cpu");
  }

  @Test
  void aStepUnschedulableOnEveryClassFailsTheRunNamingTheLastClass() {
    steps.unschedulable.addAll(List.of("gpu-h100", "gpu-a100"));
    PipelineSpec spec = TestPipelines.pipeline(ApprovalPolicy.NONE, RolloutSpec.DIRECT_LOCAL);
    StepSpec train = spec.step("train").orElseThrow();
    StepSpec onGpus = new StepSpec(train.name(), train.run(), null, null, train.inputs(), train.outputs(),
        List.of("gpu-h100", "gpu-a100"), train.retries(), train.timeout(), train.heartbeat(), false, null, null);

    assertThatThrownBy(() -> run(TestPipelines.withTrain(spec, onGpus))).isInstanceOf(WorkflowFailedException.class);

    RunStatus status = registry.finished.get(0).status();
    assertThat(status.state()).isEqualTo(RunState.FAILED);
    assertThat(step(status, "train").error()).contains("no node for gpu-a100", FailureTypes.UNSCHEDULABLE);
    assertThat(step(status, "train").hardware()).isEqualTo("gpu-a100");
    assertThat(steps.requests).filteredOn(r -> r.spec().name().equals("train")).hasSize(2);
  }

  @Test
  void stepRetriesUntilItSucceedsWithinItsBudget() {
    steps.failures.put("train", 2);

    RunStatus status = run(TestPipelines.pipeline(ApprovalPolicy.NONE, RolloutSpec.DIRECT_LOCAL));

    assertThat(status.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(step(status, "train").attempts()).isEqualTo(3);
    assertThat(status.stages().get(1).attempts()).isEqualTo(3);
  }

  @Test
  void stepThatExhaustsItsRetriesFailsTheRun() {
    steps.failures.put("train", 5);

    assertThatThrownBy(() -> run(TestPipelines.pipeline(ApprovalPolicy.NONE, RolloutSpec.DIRECT_LOCAL)))
        .isInstanceOf(WorkflowFailedException.class);

    RunStatus finalStatus = registry.finished.get(0).status();
    assertThat(finalStatus.state()).isEqualTo(RunState.FAILED);
    assertThat(finalStatus.message()).contains("stage train failed").contains("attempt 3 of train failed");
    assertThat(step(finalStatus, "train").attempts()).isEqualTo(3);
    assertThat(step(finalStatus, "evaluate").state()).isEqualTo(StepState.PENDING);
    assertThat(rollout.splits).isEmpty();
    String id = RunInput.workflowId("demo", "r1");
    assertThat(WebUi.describe(client, id).getTypedSearchAttributes().get(RunSearchAttributes.STAGE)).isEqualTo("DONE");
    assertThat(WebUi.currentDetails(client, id))
        .startsWith("**FAILED** · stage **done** · stage train failed")
        .contains("| train | train | failed | 3 | cpu |");
  }

  @Test
  void gateRulesThatFailRejectTheCandidateAndLeaveProductionAlone() {
    registry.seedProduction(1);
    gate.pass = false;

    RunStatus status = run(TestPipelines.pipeline(ApprovalPolicy.NONE, TestPipelines.canary("1m")));

    assertThat(status.state()).isEqualTo(RunState.REJECTED);
    assertThat(status.message()).contains("accuracy >= 0.9");
    assertThat(gate.seen.production().version().version()).isEqualTo(1);
    assertThat(rollout.splits).isEmpty();
    assertThat(registry.alias(Aliases.PRODUCTION)).isEqualTo(1);
  }

  @Test
  void approvalTimeoutRejectsByDefault() {
    ApprovalPolicy policy = new ApprovalPolicy(1, "approver", true, "2h", null);

    RunStatus status = run(TestPipelines.pipeline(policy, RolloutSpec.DIRECT_LOCAL));

    assertThat(status.state()).isEqualTo(RunState.REJECTED);
    assertThat(status.message()).contains("no decision within 2h");
    assertThat(rollout.splits).isEmpty();
  }

  @Test
  void approvalTimeoutCanApproveWhenThePolicySaysSo() {
    ApprovalPolicy policy = new ApprovalPolicy(1, "approver", true, "2h", TimeoutAction.APPROVE);

    RunStatus status = run(TestPipelines.pipeline(policy, RolloutSpec.DIRECT_LOCAL));

    assertThat(status.state()).isEqualTo(RunState.SUCCEEDED);
  }

  @Test
  void decisionsFollowRoleAndFourEyesAndCountApprovals() {
    ApprovalPolicy policy = new ApprovalPolicy(2, "approver", true, "24h", null);
    RunInput input = TestPipelines.input("r2", TestPipelines.pipeline(policy, RolloutSpec.DIRECT_LOCAL));
    ModelRunWorkflow run = stub(input);
    WorkflowClient.start(run::run, input);
    awaitStatus(run, s -> s.pendingApproval() != null);
    assertThat(registry.stages)
        .filteredOn(change -> change.state() == RunState.WAITING_APPROVAL)
        .singleElement()
        .satisfies(change -> {
          assertThat(change.stage()).isEqualTo(Stage.GATE);
          assertThat(change.detail()).isEqualTo("waiting for 2 approvals by role approver");
          assertThat(change.gate()).isNotNull().satisfies(gate -> {
            assertThat(gate.required()).isEqualTo(2);
            assertThat(gate.role()).isEqualTo("approver");
            assertThat(gate.fourEyes()).isTrue();
            assertThat(gate.deadlineMillis()).isEqualTo(change.atMillis() + Duration.ofHours(24).toMillis());
          });
        });

    assertThat(WebUi.describe(client, input.workflowId()).getTypedSearchAttributes().get(RunSearchAttributes.STAGE))
        .isEqualTo("GATE");
    assertThat(WebUi.currentDetails(client, input.workflowId()))
        .startsWith("**WAITING_APPROVAL** · stage **gate**")
        .contains("**Waiting for approval**: 0 of 2 approvals by role `approver`, four-eyes (alice, who started the run,"
            + " may not approve). Approved so far: nobody. Deadline ");

    assertThatThrownBy(() -> run.decide(new Decision("alice", Set.of("approver"), DecisionKind.APPROVE, "mine")))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("four-eyes");
    assertThatThrownBy(() -> run.decide(new Decision("bob", Set.of("viewer"), DecisionKind.APPROVE, null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("lacks the role 'approver'");

    DecisionResult first = run.decide(new Decision("bob", Set.of("approver"), DecisionKind.APPROVE, "ok"));
    assertThat(first.outcome()).isEqualTo(DecisionResult.WAITING);
    assertThat(run.status().pendingApproval().approvedBy()).containsExactly("bob");
    assertThat(WebUi.currentDetails(client, input.workflowId())).contains("1 of 2 approvals").contains("Approved so far: bob.");
    assertThatThrownBy(() -> run.decide(new Decision("bob", Set.of("approver"), DecisionKind.APPROVE, "again")))
        .isInstanceOf(WorkflowUpdateException.class);
    DecisionResult second = run.decide(new Decision("carol", Set.of("approver"), DecisionKind.APPROVE, "ok"));
    assertThat(second.outcome()).isEqualTo(DecisionResult.APPROVED);

    RunStatus done = WorkflowStub.fromTyped(run).getResult(RunStatus.class);
    recordHistory(input.workflowId());
    assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(done.stages().get(3).detail()).isEqualTo("approved by bob, carol");
    assertThat(WebUi.currentDetails(client, input.workflowId()))
        .startsWith("**SUCCEEDED** · stage **done**")
        .contains("| gate | succeeded |")
        .doesNotContain("Waiting for approval");
    assertThatThrownBy(() -> run.decide(new Decision("dave", Set.of("approver"), DecisionKind.REJECT, "late")))
        .isInstanceOf(Exception.class);
  }

  @Test
  void rejectionEndsTheRunAtTheGate() {
    ApprovalPolicy policy = new ApprovalPolicy(1, "approver", true, "24h", null);
    RunInput input = TestPipelines.input("r3", TestPipelines.pipeline(policy, RolloutSpec.DIRECT_LOCAL));
    ModelRunWorkflow run = stub(input);
    WorkflowClient.start(run::run, input);
    awaitStatus(run, s -> s.pendingApproval() != null);

    run.decide(new Decision("bob", Set.of("approver"), DecisionKind.REJECT, "metrics look odd"));

    RunStatus done = WorkflowStub.fromTyped(run).getResult(RunStatus.class);
    assertThat(done.state()).isEqualTo(RunState.REJECTED);
    assertThat(done.message()).isEqualTo("rejected by bob: metrics look odd");
  }

  @Test
  void healthyCanaryIsPromotedStepByStep() {
    registry.seedProduction(1);

    RunStatus status = run(TestPipelines.pipeline(ApprovalPolicy.NONE, TestPipelines.canary("5m")));

    assertThat(status.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(status.rollout().outcome()).isEqualTo(RolloutOutcome.PROMOTED);
    assertThat(status.rollout().analyses()).hasSize(2);
    assertThat(rollout.splits).extracting(s -> s.canaryPercent()).containsExactly(20, 50, 0);
    assertThat(rollout.last().stable().version()).isEqualTo(2);
    assertThat(rollout.replays).hasSize(2).allMatch(r -> r.source().uri().equals("file:///store/split/holdout"));
    assertThat(registry.alias(Aliases.PRODUCTION)).isEqualTo(2);
    assertThat(registry.alias(Aliases.CANARY)).isNull();

    String canary = RolloutWorkflow.idFor(RunInput.workflowId("demo", "r1"));
    WorkflowExecutionDescription child = WebUi.describe(client, canary);
    assertThat(child.getStaticSummary()).isEqualTo("canary clf:2 against clf:1 · run r1");
    assertThat(child.getStaticDetails()).contains("| 1 | 20% | 5m |").contains("| 2 | 50% | 5m |");
    assertThat(child.getTypedSearchAttributes().get(RunSearchAttributes.RUN_ID)).isEqualTo("r1");
    assertThat(child.getTypedSearchAttributes().get(RunSearchAttributes.MODEL)).isEqualTo("clf");
    assertThat(child.getTypedSearchAttributes().get(RunSearchAttributes.PIPELINE)).isEqualTo("demo");
    assertThat(WebUi.currentDetails(client, canary))
        .startsWith("**PROMOTED**: canary passed every analysis\n\n**Analyses**")
        .contains("| 1 | passed |").contains("| 2 | passed |");
    assertThat(WebUi.currentDetails(client, RunInput.workflowId("demo", "r1")))
        .contains("**Rollout** **PROMOTED**: canary passed every analysis");
  }

  @Test
  void failedCanaryAnalysisRollsBackAndProductionStays() {
    registry.seedProduction(1);
    rollout.canaryHealthy = false;

    RunStatus status = run(TestPipelines.pipeline(ApprovalPolicy.NONE, TestPipelines.canary("5m")));

    assertThat(status.state()).isEqualTo(RunState.ROLLED_BACK);
    assertThat(status.rollout().outcome()).isEqualTo(RolloutOutcome.ROLLED_BACK);
    assertThat(status.message()).contains("canary analysis failed at 20%");
    assertThat(rollout.splits).extracting(s -> s.canaryPercent()).containsExactly(20, 0);
    assertThat(rollout.last().stable().version()).isEqualTo(1);
    assertThat(rollout.last().canary()).isNull();
    assertThat(registry.alias(Aliases.PRODUCTION)).isEqualTo(1);
    assertThat(registry.alias(Aliases.CANARY)).isNull();
  }

  @Test
  void rollbackUpdateDuringCanaryReturnsTrafficToStable() {
    registry.seedProduction(1);
    RunInput input = TestPipelines.input("r4", TestPipelines.pipeline(ApprovalPolicy.NONE, TestPipelines.canary("1h")));
    ModelRunWorkflow run = stub(input);
    assertThatThrownBy(() -> run.rollback(new RollbackRequest("ops", "too early")))
        .isInstanceOf(Exception.class);
    WorkflowClient.start(run::run, input);
    awaitStatus(run, s -> s.stage() == Stage.ROLLOUT && !rollout.replays.isEmpty());

    RunStatus after = run.rollback(new RollbackRequest("ops", "pager went off"));
    WorkflowStub.fromTyped(run).getResult(RunStatus.class);
    recordHistory(input.workflowId());

    assertThat(after.state()).isEqualTo(RunState.ROLLED_BACK);
    assertThat(after.message()).contains("rollback requested by ops: pager went off");
    assertThat(rollout.last().canary()).isNull();
    assertThat(rollout.last().stable().version()).isEqualTo(1);
    assertThat(registry.alias(Aliases.PRODUCTION)).isEqualTo(1);
  }

  @Test
  void cancelDuringRolloutUndoesTheCanary() {
    registry.seedProduction(1);
    RunInput input = TestPipelines.input("r5", TestPipelines.pipeline(ApprovalPolicy.NONE, TestPipelines.canary("1h")));
    ModelRunWorkflow run = stub(input);
    WorkflowClient.start(run::run, input);
    awaitStatus(run, s -> s.stage() == Stage.ROLLOUT && !rollout.replays.isEmpty());

    WorkflowStub.fromTyped(run).cancel();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(run).getResult(RunStatus.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(rollout.last().canary()).isNull();
    assertThat(rollout.last().stable().version()).isEqualTo(1);
    assertThat(registry.alias(Aliases.CANARY)).isNull();
    assertThat(registry.finished).singleElement().satisfies(f -> assertThat(f.status().state()).isEqualTo(RunState.CANCELLED));
  }

  @Test
  void cancelDuringAStepStopsTheStep() throws Exception {
    steps.blockOn = "train";
    RunInput input = TestPipelines.input("r6", TestPipelines.pipeline(ApprovalPolicy.NONE, RolloutSpec.DIRECT_LOCAL));
    ModelRunWorkflow run = stub(input);
    WorkflowClient.start(run::run, input);
    assertThat(steps.blockingStarted.await(30, TimeUnit.SECONDS)).isTrue();

    WorkflowStub.fromTyped(run).cancel();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(run).getResult(RunStatus.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(steps.cancelled).containsEntry("train", true);
    RunStatus finalStatus = registry.finished.get(0).status();
    assertThat(finalStatus.state()).isEqualTo(RunState.CANCELLED);
    assertThat(step(finalStatus, "train").state()).isEqualTo(StepState.CANCELLED);
  }

  @Test
  void independentStepsRunTogetherAndTheFirstFailureStopsTheOthers() throws Exception {
    PipelineSpec twoPrepares = twoPrepares();
    steps.blockOn = "split";
    steps.failures.put("profile", 1);

    assertThatThrownBy(() -> run(twoPrepares)).isInstanceOf(WorkflowFailedException.class);

    RunStatus finalStatus = registry.finished.get(0).status();
    assertThat(finalStatus.message()).contains("attempt 1 of profile failed");
    assertThat(step(finalStatus, "profile").state()).isEqualTo(StepState.FAILED);
    assertThat(step(finalStatus, "split").state()).isEqualTo(StepState.CANCELLED);
    assertThat(steps.cancelled).containsEntry("split", true);
    assertThat(step(finalStatus, "train").state()).isEqualTo(StepState.PENDING);
  }

  @Test
  void aRunWhoseSpendCrossesItsBudgetStopsThereAndEndsBudgetExceeded() {
    // the failed first attempt of train counts: 0.30 + 0.40, then its retry crosses at 1.10
    steps.cost.put("split", new BigDecimal("0.30"));
    steps.cost.put("train", new BigDecimal("0.40"));
    steps.failures.put("train", 1);
    PipelineSpec spec = TestPipelines.pipeline(ApprovalPolicy.NONE, RolloutSpec.DIRECT_LOCAL);
    RunInput input = withBudget(TestPipelines.input("r1", spec), "1.00");

    RunStatus status = stub(input).run(input);
    recordHistory(input.workflowId());

    assertThat(status.state()).isEqualTo(RunState.BUDGET_EXCEEDED);
    assertThat(status.message())
        .isEqualTo("stage train stopped: the run spent 1.10 of its budget 1.00: step 'train' stopped");
    assertThat(step(status, "train").state()).isEqualTo(StepState.FAILED);
    assertThat(step(status, "evaluate").state()).isEqualTo(StepState.PENDING);
    // every attempt had the budget; no step started after the one that crossed it, and nothing rolled out
    assertThat(steps.requests).extracting(r -> r.spec().name()).containsExactly("split", "train", "train");
    assertThat(steps.requests).allSatisfy(r -> assertThat(r.budget()).isEqualByComparingTo("1.00"));
    assertThat(registry.finished).singleElement()
        .satisfies(f -> assertThat(f.status().state()).isEqualTo(RunState.BUDGET_EXCEEDED));
    assertThat(rollout.splits).isEmpty();
    assertThat(WebUi.currentDetails(client, input.workflowId())).startsWith("**BUDGET_EXCEEDED** · stage **done**");
  }

  @Test
  void stepsInParallelThatCrossTheBudgetTogetherStopTheStage() {
    PipelineSpec twoPrepares = twoPrepares();
    // each within the budget alone, over it together
    steps.cost.put("split", new BigDecimal("0.60"));
    steps.cost.put("profile", new BigDecimal("0.60"));
    RunInput input = withBudget(TestPipelines.input("r1", twoPrepares), "1.00");

    RunStatus status = stub(input).run(input);
    recordHistory(input.workflowId());

    assertThat(status.state()).isEqualTo(RunState.BUDGET_EXCEEDED);
    assertThat(status.message()).contains("the run spent 1.20 of its budget 1.00");
    assertThat(steps.requests).extracting(r -> r.spec().name()).doesNotContain("train", "evaluate");
  }

  /** The test pipeline with a second prepare step, {@code profile}, independent of {@code split}. */
  private static PipelineSpec twoPrepares() {
    PipelineSpec base = TestPipelines.pipeline(ApprovalPolicy.NONE, RolloutSpec.DIRECT_LOCAL);
    return new PipelineSpec(
        base.apiVersion(), base.kind(), base.metadata(), base.model(), base.parameters(),
        List.of(base.prepare().get(0), TestPipelines.step("profile", Map.of("data", "file:///data.csv"), List.of(), 0)),
        base.train(), base.evaluate(), base.gate(), base.rollout(), base.schedule(), base.triggers(), null);
  }

  private static RunInput withBudget(RunInput input, String budget) {
    return new RunInput(input.runId(), input.spec(), input.pipelineVersion(), input.params(), input.startedBy(),
        input.codeVersion(), input.trigger(), new BigDecimal(budget));
  }

  private static StepStatus step(RunStatus status, String name) {
    return status.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  private void awaitStatus(ModelRunWorkflow run, Predicate<RunStatus> condition) {
    await("run " + WorkflowStub.fromTyped(run).getExecution())
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .ignoreExceptions() // the first workflow task has not run yet
        .until(() -> {
          env.sleep(Duration.ofMillis(1));
          RunStatus status = run.status();
          return status != null && condition.test(status);
        });
  }

  // --- one rollout per model at a time (rollout slot) ---

  private ModelRunWorkflow startRun(String runId, RolloutSpec rollout) {
    RunInput input = TestPipelines.input(runId, TestPipelines.pipeline(ApprovalPolicy.NONE, rollout));
    ModelRunWorkflow run = stub(input);
    WorkflowClient.start(run::run, input);
    return run;
  }

  private static RunStatus result(ModelRunWorkflow run) {
    return WorkflowStub.fromTyped(run).getResult(RunStatus.class);
  }

  private static boolean waitsFor(RunStatus status, String runId) {
    return status.stage() == Stage.ROLLOUT
        && ("waiting for the rollout of run " + runId).equals(status.stages().get(4).detail());
  }

  /** Production at version 1, and a run of the model whose canary (baking 1h a step) is live. */
  private ModelRunWorkflow rollingOut(String runId) {
    registry.seedProduction(1);
    ModelRunWorkflow run = startRun(runId, TestPipelines.canary("1h"));
    awaitStatus(run, s -> s.stage() == Stage.ROLLOUT && rollout.splits.size() == 1);
    return run;
  }

  /** A run of the model that waits, visibly, for the rollout of {@code ahead}. */
  private ModelRunWorkflow waitingBehind(String ahead, String runId, String bake) {
    ModelRunWorkflow run = startRun(runId, TestPipelines.canary(bake));
    awaitStatus(run, s -> waitsFor(s, ahead));
    return run;
  }

  private String lockId() {
    return RolloutLockWorkflow.idFor(TestPipelines.MODEL, RolloutTarget.LOCAL);
  }

  private RolloutLockState lock() {
    return client.newWorkflowStub(RolloutLockWorkflow.class, lockId()).state();
  }

  @Test
  void twentyRunsOfOneModelRollOutOneAfterTheOtherEachAgainstTheOneBefore() {
    registry.seedProduction(1);
    List<ModelRunWorkflow> runs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      runs.add(startRun("m" + i, TestPipelines.canary("5m")));
    }
    // test time stands still until a result is awaited: every run reaches the lock before the first bake ends
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> lock().queue().size() == 19);

    List<RunStatus> done = runs.stream().map(ModelRunWorkflowTest::result).toList();

    assertThat(done).allSatisfy(status -> assertThat(status.state()).isEqualTo(RunState.SUCCEEDED));
    // each rollout's splits (20 %, 50 %, promote) come together, canary against the version promoted just before
    assertThat(rollout.splits).hasSize(60);
    int stable = 1;
    List<Integer> promoted = new ArrayList<>();
    for (int k = 0; k < 20; k++) {
      List<TrafficSplit> own = rollout.splits.subList(3 * k, 3 * k + 3);
      int candidate = own.get(0).canary().version();
      assertThat(own).extracting(TrafficSplit::canaryPercent).containsExactly(20, 50, 0);
      assertThat(own.get(0).stable().version()).as("rollout %d compares with the version before it", k).isEqualTo(stable);
      assertThat(own.get(1).canary().version()).isEqualTo(candidate);
      assertThat(own.get(2).stable().version()).isEqualTo(candidate);
      promoted.add(candidate);
      stable = candidate;
    }
    List<AliasMove> productionMoves =
        registry.aliasMoves.stream().filter(m -> m.alias().equals(Aliases.PRODUCTION)).toList();
    assertThat(productionMoves).extracting(AliasMove::version).containsExactlyElementsOf(promoted);
    assertThat(productionMoves).extracting(AliasMove::runId).doesNotHaveDuplicates().hasSize(20);
    assertThat(registry.stages)
        .filteredOn(c -> c.detail() != null && c.detail().startsWith("waiting for the rollout of run "))
        .extracting(StageChange::runId)
        .doesNotHaveDuplicates()
        .hasSize(19);
    Histories.recordIfAsked(client, lockId(), "lock-" + testName);
    WorkflowExecutionHistory lastLock = client.fetchHistory(lockId());
    assertThat(lastLock.getEvents().get(0).getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId())
        .as("the lock continued as new under load")
        .isNotEmpty();
  }

  @Test
  void aRunWaitsVisiblyForTheRolloutBeforeItAndThenCanariesAgainstIt() {
    ModelRunWorkflow first = rollingOut("a1");

    ModelRunWorkflow second = waitingBehind("a1", "a2", "1h");

    assertThat(registry.stages).filteredOn(c -> c.runId().equals("a2") && c.stage() == Stage.ROLLOUT)
        .extracting(StageChange::detail).contains("waiting for the rollout of run a1");
    assertThat(lock())
        .satisfies(lock -> {
          assertThat(lock.holder().runId()).isEqualTo("a1");
          assertThat(lock.queue()).extracting(SlotRequest::runId).containsExactly("a2");
        });
    assertThat(rollout.splits).hasSize(1);

    RunStatus firstDone = result(first);
    RunStatus secondDone = result(second);
    recordHistory(WorkflowStub.fromTyped(second).getExecution().getWorkflowId());
    Histories.recordIfAsked(client, lockId(), "lock-" + testName);

    assertThat(firstDone.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(secondDone.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(rollout.splits.get(3).stable().version()).isEqualTo(firstDone.model().version());
    assertThat(registry.alias(Aliases.PRODUCTION)).isEqualTo(secondDone.model().version());
    assertThat(registry.alias(Aliases.PREVIOUS)).isNull(); // the fake registry does not move previous
  }

  @Test
  void aCancelledRunLeavesTheSlotToTheNext() {
    ModelRunWorkflow first = rollingOut("c1");
    ModelRunWorkflow second = waitingBehind("c1", "c2", "5m");
    ModelRunWorkflow third = waitingBehind("c2", "c3", "5m");

    WorkflowStub.fromTyped(second).cancel();
    awaitStatus(third, s -> waitsFor(s, "c1"));
    WorkflowStub.fromTyped(first).cancel();

    assertThat(result(third).state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(registry.finished).extracting(f -> f.status().runId() + ":" + f.status().state())
        .containsExactlyInAnyOrder("c1:CANCELLED", "c2:CANCELLED", "c3:SUCCEEDED");
    assertThat(rollout.splits).filteredOn(split -> split.canary() != null)
        .extracting(split -> split.stable().version())
        .containsOnly(1);
  }

  @Test
  void aTerminatedHolderLosesTheSlotAtTheLivenessCheck() {
    ModelRunWorkflow first = rollingOut("t1");
    ModelRunWorkflow second = waitingBehind("t1", "t2", "5m");

    WorkflowStub.fromTyped(first).terminate("operator pulled the plug");

    RunStatus done = result(second);
    assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(rollout.splits).filteredOn(split -> split.canary() != null && split.canary().version() == done.model().version())
        .isNotEmpty()
        .allSatisfy(split -> assertThat(split.stable().version()).isEqualTo(1));
  }

  @Test
  void concurrencyRejectEndsARunWithoutRollingOutWhileAnotherRollsOut() {
    ModelRunWorkflow first = rollingOut("j1");

    RunStatus refused = result(startRun("j2", TestPipelines.canary("5m", RolloutConcurrency.REJECT)));
    RunStatus firstDone = result(first);

    assertThat(refused.state()).isEqualTo(RunState.REJECTED);
    assertThat(refused.message())
        .isEqualTo("not rolled out: the rollout of run j1 is in progress or waiting (rollout.concurrency: reject)");
    assertThat(refused.stages().get(4).state()).isEqualTo(StepState.FAILED);
    assertThat(firstDone.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(rollout.splits).extracting(split -> split.canary() == null ? 0 : split.canary().version())
        .containsOnly(firstDone.model().version(), 0);
  }

  @Test
  void concurrencySupersedeRollsTheHolderBackAndDropsTheWaiting() {
    ModelRunWorkflow holding = rollingOut("s1");
    ModelRunWorkflow waiting = waitingBehind("s1", "s2", "1h");

    ModelRunWorkflow newest = startRun("s3", TestPipelines.canary("5m", RolloutConcurrency.SUPERSEDE));

    RunStatus rolledBack = result(holding);
    assertThat(rolledBack.state()).isEqualTo(RunState.ROLLED_BACK);
    assertThat(rolledBack.message()).contains("superseded by run s3");
    RunStatus dropped = result(waiting);
    assertThat(dropped.state()).isEqualTo(RunState.REJECTED);
    assertThat(dropped.message()).isEqualTo("not rolled out: superseded by run s3 (rollout.concurrency: supersede)");
    RunStatus promoted = result(newest);
    assertThat(promoted.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(registry.alias(Aliases.PRODUCTION)).isEqualTo(promoted.model().version());
    assertThat(registry.aliasMoves).filteredOn(m -> m.alias().equals(Aliases.PRODUCTION))
        .extracting(AliasMove::runId).containsExactly("s3");
  }

  @Test
  void aRestoreWaitsForTheRolloutInProgressButNotForTheRunsWaiting() {
    ModelRunWorkflow live = rollingOut("p1");
    ModelRunWorkflow waiting = waitingBehind("p1", "p2", "5m");
    RestoreInput input = new RestoreInput("x1", TestPipelines.MODEL, 2, 1, "olivia", "bad night");
    ModelRestoreWorkflow restore = client.newWorkflowStub(
        ModelRestoreWorkflow.class,
        WorkflowOptions.newBuilder(RestoreWorkflowOptions.of(input)).setTaskQueue(options.getTaskQueue()).build());
    WorkflowClient.start(restore::restore, input);

    awaitStatus(waiting, s -> "waiting for the restore x1".equals(s.stages().get(4).detail()));
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .until(() -> WebUi.currentDetails(client, input.workflowId()), "**WAITING** · waiting for the rollout of run p1\n"::equals);
    assertThat(lock().queue()).extracting(SlotRequest::runId).containsExactly("x1", "p2");
    RunStatus promoted = result(live);
    RestoreResult restored = WorkflowStub.fromTyped(restore).getResult(RestoreResult.class);
    RunStatus after = result(waiting);

    assertThat(promoted.model().version()).isEqualTo(2);
    assertThat(restored.production().version()).isEqualTo(1);
    // p1's canary, its promotion, the restore's route, then p2's canary against the restored version
    assertThat(rollout.splits).extracting(split -> split.stable().version() + "/" + split.canaryPercent())
        .containsExactly("1/20", "1/50", "2/0", "1/0", "1/20", "1/50", after.model().version() + "/0");
  }

  @Test
  void aWaitingRunThatIsGoneWhenItsTurnComesIsSkipped() {
    ModelRunWorkflow live = rollingOut("g1");
    ModelRunWorkflow gone = waitingBehind("g1", "g2", "5m");
    ModelRunWorkflow next = waitingBehind("g2", "g3", "5m");

    WorkflowStub.fromTyped(gone).terminate("node lost");

    assertThat(result(live).state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(result(next).state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(registry.aliasMoves).filteredOn(m -> m.alias().equals(Aliases.PRODUCTION))
        .extracting(AliasMove::runId).containsExactly("g1", "g3");
  }
}
