package io.trainyard.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.model.ModelVersionRef;
import io.trainyard.registry.RegistryActivities;
import io.trainyard.rollout.AnalysisResult;
import io.trainyard.rollout.RolloutInput;
import io.trainyard.rollout.RolloutOutcome;
import io.trainyard.rollout.RolloutStatus;
import io.trainyard.rollout.RolloutWorkflow;
import io.trainyard.rollout.RolloutWorkflowImpl;
import io.trainyard.rollout.TrafficReplay;
import io.trainyard.rollout.TrafficSplit;
import io.trainyard.rule.AnalysisJudge;
import io.trainyard.spec.AnalysisSpec;
import io.trainyard.spec.CanaryStep;
import io.trainyard.spec.LabelledTraffic;
import io.trainyard.spec.MaxBakeAction;
import io.trainyard.spec.RolloutSpec;
import io.trainyard.spec.RolloutStrategy;
import io.trainyard.spec.RolloutTarget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The canary rollout on its own: what it does when an analysis has too few canary requests to judge. */
class RolloutWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(ActivityPolicies.workflowImplementationOptions(), RolloutWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private static final ModelVersionRef STABLE = new ModelVersionRef("clf", 1, null);
  private static final ModelVersionRef CANDIDATE = new ModelVersionRef("clf", 2, null);
  private static final ArtifactRef HOLDOUT = new ArtifactRef("file:///store/split/holdout", "bb");
  private static final AnalysisSpec ANALYSIS = new AnalysisSpec(5, List.of("canary.accuracy >= 0.9"));
  private static final AnalysisResult TOO_FEW = analysis(0, 0.95);

  private final FakeRollout serving = new FakeRollout();
  private final RegistryActivities registry = mock(RegistryActivities.class, withSettings().withoutAnnotations());
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
    worker.registerActivitiesImplementations(serving, registry);
    env.start();
  }

  private RolloutStatus rollout(AnalysisSpec analysis) {
    RolloutSpec spec = new RolloutSpec(
        RolloutTarget.LOCAL, RolloutStrategy.CANARY, List.of(new CanaryStep(20, "10m")),
        new LabelledTraffic("${steps.split.outputs.holdout}", 10), analysis, null);
    String id = RolloutWorkflow.idFor("run-demo-" + testName);
    RolloutWorkflow workflow =
        client.newWorkflowStub(RolloutWorkflow.class, WorkflowOptions.newBuilder(options).setWorkflowId(id).build());
    RolloutStatus status = workflow.rollout(new RolloutInput("r1", spec, CANDIDATE, STABLE, HOLDOUT));
    Histories.recordIfAsked(client, id, "rollout-" + testName);
    return status;
  }

  @Test
  void tooFewCanaryRequestsBakeOnAndTheRolloutSendsTrafficAgainUntilTheDataIsThere() {
    serving.scripted.addAll(List.of(TOO_FEW, TOO_FEW, analysis(40, 0.95)));
    long before = env.currentTimeMillis();

    RolloutStatus status = rollout(new AnalysisSpec(5, List.of("canary.accuracy >= 0.9"), "1h", null));

    assertThat(status.outcome()).isEqualTo(RolloutOutcome.PROMOTED);
    assertThat(status.analyses()).extracting(AnalysisResult::insufficient).containsExactly(true, true, false);
    // the split goes out again with each extra bake (a restarted worker lost it), then the promotion
    assertThat(serving.splits).extracting(TrafficSplit::canaryPercent).containsExactly(20, 20, 20, 0);
    assertThat(serving.splits.get(1)).isEqualTo(serving.splits.get(0));
    assertThat(serving.replays).hasSize(3).extracting(TrafficReplay::seed).doesNotHaveDuplicates();
    assertThat(Duration.ofMillis(env.currentTimeMillis() - before)).isGreaterThanOrEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void tooFewCanaryRequestsUntilMaxBakeRollBackWithThatReason() {
    serving.scripted.addAll(List.of(TOO_FEW, TOO_FEW, TOO_FEW));

    RolloutStatus status = rollout(new AnalysisSpec(5, List.of("canary.accuracy >= 0.9"), "25m", null));

    assertThat(status.outcome()).isEqualTo(RolloutOutcome.ROLLED_BACK);
    assertThat(status.reason()).isEqualTo(
        "too little canary data at 20% after baking 25m: canary.requests >= 5 (canary served 0 requests, fewer than the 5 the analysis needs)");
    // bakes of 10m, 10m and the 5m left to maxBake
    assertThat(status.analyses()).hasSize(3).allMatch(AnalysisResult::insufficient);
    assertThat(serving.splits).extracting(TrafficSplit::canaryPercent).containsExactly(20, 20, 20, 0);
    assertThat(serving.last().canary()).isNull();
    assertThat(serving.last().stable()).isEqualTo(STABLE);
  }

  @Test
  void onMaxBakeProceedCountsTheStepAsPassedAfterThreeBakesByDefault() {
    serving.scripted.addAll(List.of(TOO_FEW, TOO_FEW, TOO_FEW));

    RolloutStatus status = rollout(new AnalysisSpec(5, List.of("canary.accuracy >= 0.9"), null, MaxBakeAction.PROCEED));

    assertThat(status.outcome()).isEqualTo(RolloutOutcome.PROMOTED);
    assertThat(status.analyses()).hasSize(3).allMatch(AnalysisResult::insufficient);
    assertThat(serving.last().stable()).isEqualTo(CANDIDATE);
  }

  @Test
  void aFailedAnalysisWithEnoughDataStillRollsBackAtOnce() {
    serving.scripted.add(analysis(40, 0.6));

    RolloutStatus status = rollout(new AnalysisSpec(5, List.of("canary.accuracy >= 0.9"), "1h", null));

    assertThat(status.outcome()).isEqualTo(RolloutOutcome.ROLLED_BACK);
    assertThat(status.reason()).startsWith("canary analysis failed at 20%");
    assertThat(status.analyses()).hasSize(1);
  }

  /** What the canary's analysis says over {@code requests} canary requests at {@code accuracy}. */
  private static AnalysisResult analysis(double requests, double accuracy) {
    return AnalysisJudge.judge(
        ANALYSIS, Map.of("requests", requests, "accuracy", accuracy), Map.of("requests", 100.0, "accuracy", 0.94));
  }
}
