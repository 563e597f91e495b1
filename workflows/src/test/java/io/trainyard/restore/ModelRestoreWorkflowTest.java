package io.trainyard.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.failure.FailureTypes;
import io.trainyard.model.ModelVersionRef;
import io.trainyard.model.ProductionRestore;
import io.trainyard.registry.RegistryActivities;
import io.trainyard.rollout.RolloutActivities;
import io.trainyard.rollout.RolloutLockWorkflowImpl;
import io.trainyard.rollout.RolloutLocksImpl;
import io.trainyard.rollout.TrafficSplit;
import io.trainyard.run.ActivityPolicies;
import io.trainyard.run.Histories;
import io.trainyard.run.WebUi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

class ModelRestoreWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      WebUi.withSearchAttributes(TestWorkflowExtension.newBuilder())
          .registerWorkflowImplementationTypes(
              ActivityPolicies.workflowImplementationOptions(), ModelRestoreWorkflowImpl.class, RolloutLockWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private static final ModelVersionRef VERSION_1 =
      new ModelVersionRef("churn", 1, new ArtifactRef("file:///store/churn/1", "aa"));

  private final RegistryActivities registry = mock(RegistryActivities.class, withSettings().withoutAnnotations());
  private final RolloutActivities serving = mock(RolloutActivities.class, withSettings().withoutAnnotations());
  private WorkflowClient client;
  private WorkflowOptions options;
  private String testName;

  @BeforeEach
  void start(TestInfo info, TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options) {
    this.testName = info.getTestMethod().orElseThrow().getName();
    this.client = client;
    this.options = options;
    worker.registerActivitiesImplementations(registry, serving, new RolloutLocksImpl());
    env.start();
  }

  private RestoreResult restore(RestoreInput input) {
    ModelRestoreWorkflow workflow = client.newWorkflowStub(
        ModelRestoreWorkflow.class,
        WorkflowOptions.newBuilder(RestoreWorkflowOptions.of(input)).setTaskQueue(options.getTaskQueue()).build());
    try {
      return workflow.restore(input);
    } finally {
      Histories.recordIfAsked(client, input.workflowId(), "restore-" + testName);
    }
  }

  @Test
  void restoreMovesProductionBackAndServesTheRestoredVersion() {
    when(registry.restoreProduction(any())).thenReturn(VERSION_1);
    RestoreInput input = new RestoreInput("r7", "churn", 2, 1, "olivia", "v2 misbehaves");

    RestoreResult result = restore(input);

    assertThat(input.workflowId()).isEqualTo("restore-churn-r7");
    assertThat(result.production()).isEqualTo(VERSION_1);
    assertThat(result.previous()).isEqualTo(2);
    assertThat(result.restoreId()).isEqualTo("r7");
    verify(registry).restoreProduction(new ProductionRestore("churn", 2, 1, "r7", "olivia", "v2 misbehaves"));
    verify(serving).route(new TrafficSplit(VERSION_1, null, 0));
    assertThat(WebUi.describe(client, input.workflowId()).getStaticSummary())
        .isEqualTo("restore churn:1 to production (was churn:2) · restore r7");
    assertThat(WebUi.currentDetails(client, input.workflowId()))
        .isEqualTo("**DONE** · production serves `churn:1`; version 2 is at `previous`\n");
  }

  @Test
  void restoreRefusedByTheRegistryFailsWithoutRetryAndLeavesTrafficAlone() {
    when(registry.restoreProduction(any())).thenThrow(ApplicationFailure.newNonRetryableFailure(
        "production of churn is at 3, not 2: the aliases moved since the restore was asked for", FailureTypes.NOT_ALLOWED));

    assertThatThrownBy(() -> restore(new RestoreInput("r8", "churn", 2, 1, "olivia", "v2 misbehaves")))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("the aliases moved");
    verify(registry, times(1)).restoreProduction(any());
    verify(serving, never()).route(any());
  }
}
