package io.trainyard.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.trainyard.rollout.RolloutLockWorkflowImpl;
import io.trainyard.rollout.RolloutLocksImpl;
import io.trainyard.rollout.RolloutMetrics;
import io.trainyard.rollout.RolloutWorkflowImpl;
import io.trainyard.spec.ApprovalPolicy;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The run's metrics from workflow code count each event once although every workflow task replays
 * the history from its start (no workflow cache here): {@code Workflow.getMetricsScope()} emits
 * nothing while replaying. Reported through the SDK's Micrometer reporter, as the worker does.
 */
class RunMetricsTest {
  private static final String QUEUE = "run-metrics";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final FakeRegistry runs = new FakeRegistry();
  private final FakeRollout rollout = new FakeRollout();
  private Scope scope;
  private TestWorkflowEnvironment env;

  @BeforeEach
  void start() {
    scope = new RootScopeBuilder().reporter(new MicrometerClientStatsReporter(registry))
        .reportEvery(com.uber.m3.util.Duration.ofMillis(10));
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setMetricsScope(scope)
        .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build())
        .build());
    RunSearchAttributes.all().forEach(key -> env.registerSearchAttribute(key.getName(), key.getValueType()));
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(ActivityPolicies.workflowImplementationOptions(),
        ModelRunWorkflowImpl.class, RolloutWorkflowImpl.class, RolloutLockWorkflowImpl.class);
    worker.registerActivitiesImplementations(runs, new FakeGate(), rollout, new RolloutLocksImpl());
    env.newWorker(TaskQueues.forHardware("cpu")).registerActivitiesImplementations(new FakeSteps());
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void aRunRolledBackByItsCanaryCountsOnceDespiteReplaysWithBoundedLabels() throws Exception {
    runs.seedProduction(1);
    rollout.canaryHealthy = false;
    RunInput input = TestPipelines.input("r1", TestPipelines.pipeline(ApprovalPolicy.NONE, TestPipelines.canary("1m")));
    ModelRunWorkflow run = env.getWorkflowClient().newWorkflowStub(ModelRunWorkflow.class,
        WorkflowOptions.newBuilder(RunWorkflowOptions.of(input)).setTaskQueue(QUEUE).build());

    assertThat(run.run(input).state()).isEqualTo(RunState.ROLLED_BACK);
    scope.close();

    assertThat(registry.get("temporal_workflow_task_replay_latency").timers())
        .as("workflow tasks that replayed the history").allSatisfy(t -> assertThat(t.count()).isGreaterThan(1));

    assertThat(registry.get(RunMetrics.RUNS_STARTED).tags("model", TestPipelines.MODEL, "pipeline", "demo", "trigger", "api")
        .counter().count()).isEqualTo(1);
    assertThat(registry.get(RunMetrics.RUNS_FINISHED).tags("model", TestPipelines.MODEL, "outcome", "rolled_back")
        .counter().count()).isEqualTo(1);
    for (String stage : List.of("prepare", "train", "evaluate", "gate")) {
      assertThat(registry.get(RunMetrics.STAGE_DURATION).tags("stage", stage, "outcome", "succeeded").timer().count())
          .as(stage).isEqualTo(1);
    }
    assertThat(registry.get(RunMetrics.STAGE_DURATION).tags("stage", "rollout", "outcome", "failed").timer().count()).isEqualTo(1);
    assertThat(registry.get(RolloutMetrics.ROLLOUTS).tags("strategy", "canary", "outcome", "rolled_back").counter().count())
        .isEqualTo(1);
    assertThat(registry.get(RolloutMetrics.ROLLBACKS).tags("model", TestPipelines.MODEL, "reason", "analysis_failed")
        .counter().count()).isEqualTo(1);
    assertThat(registry.getMeters().stream().map(Meter::getId).filter(id -> id.getName().startsWith("trainyard.")))
        .flatExtracting(Meter.Id::getTags).extracting(Tag::getValue).doesNotContain(input.runId(), input.workflowId());
  }
}
