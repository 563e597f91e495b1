package io.trainyard.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micronaut.http.HttpRequest;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.trainyard.api.audit.AuditTrail;
import io.trainyard.api.problem.WrongStateException;
import io.trainyard.api.security.Caller;
import io.trainyard.api.security.Roles;
import io.trainyard.failure.FailureTypes;
import io.trainyard.model.Aliases;
import io.trainyard.model.ModelAliasRecord;
import io.trainyard.model.ModelAliasRepository;
import io.trainyard.model.ModelVersionRef;
import io.trainyard.run.ModelRunWorkflow;
import io.trainyard.run.RollbackRequest;
import io.trainyard.run.RunRecord;
import io.trainyard.run.RunRepository;
import io.trainyard.run.RunState;
import io.trainyard.run.RunStatus;
import io.trainyard.run.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which way a rollback goes: into a live rollout through its run's {@code rollback} update, or,
 * when the update's validator says no rollout is live, on to the aliases (the restore run itself is
 * covered end to end by the governance API tests; a live canary needs a real serving model).
 */
class RollbacksTest {
  private static final String MODEL = "churn";
  private static final Caller OLIVIA = new Caller("olivia", Set.of(Roles.OPERATOR));

  private final RunRepository runs = mock(RunRepository.class);
  private final ModelAliasRepository aliases = mock(ModelAliasRepository.class);
  private final ModelCatalog catalog = mock(ModelCatalog.class);
  private final WorkflowClient temporal = mock(WorkflowClient.class);
  private final AuditTrail audit = mock(AuditTrail.class);
  private final ModelRunWorkflow run = mock(ModelRunWorkflow.class);
  private final HttpRequest<?> request = HttpRequest.POST("/v1/models/" + MODEL + "/rollback", "{}");
  private final Rollbacks rollbacks = new Rollbacks(catalog, aliases, runs, temporal, audit);

  @BeforeEach
  void aRunInItsRollout() {
    when(catalog.latestVersion(MODEL)).thenReturn(2);
    RunRecord rollingOut = new RunRecord(
        "r2", "run-churn-r2", "churn", "sha256:aa", MODEL, "{}", "oscar", RunState.RUNNING.name(), Stage.ROLLOUT.name(),
        null, "{}", 2, null, Instant.parse("2026-11-26T01:00:00Z"), null, null, null, null, null);
    RunRecord otherModel = new RunRecord(
        "x1", "run-other-x1", "other", "sha256:bb", "other", "{}", "oscar", RunState.RUNNING.name(), Stage.ROLLOUT.name(),
        null, "{}", 5, null, Instant.parse("2026-11-26T01:00:00Z"), null, null, null, null, null);
    when(runs.findByStateIn(List.of(RunState.RUNNING.name()))).thenReturn(List.of(otherModel, rollingOut));
    when(temporal.newWorkflowStub(ModelRunWorkflow.class, "run-churn-r2")).thenReturn(run);
  }

  @Test
  void aLiveRolloutIsRolledBackByItsRun() {
    RunStatus ended = new RunStatus("r2", "churn", "sha256:aa", "oscar", 0, 0, Stage.DONE, RunState.ROLLED_BACK,
        null, null, null, null, null, null, new ModelVersionRef(MODEL, 2, null), null, "rolled back by olivia: canary is slow");
    when(run.rollback(new RollbackRequest("olivia", "canary is slow"))).thenReturn(ended);

    RollbackAnswer answer = rollbacks.rollback(request, OLIVIA, MODEL, "canary is slow");

    assertThat(answer.mode()).isEqualTo(RollbackAnswer.LIVE_ROLLOUT);
    assertThat(answer.runId()).isEqualTo("r2");
    assertThat(answer.run()).isEqualTo(new RolledBackRun("r2", "ROLLED_BACK", "DONE", "rolled back by olivia: canary is slow", 2));
    verify(audit).record(eq(request), eq(OLIVIA), eq("model.rollback"), eq("model/churn"), anyMap(), eq(AuditTrail.OK));
  }

  @Test
  void whenTheRunSaysNoRolloutIsLiveTheAliasesDecideAndNothingToRestoreIsRefused() {
    when(run.rollback(any())).thenThrow(new WorkflowUpdateException(
        WorkflowExecution.newBuilder().setWorkflowId("run-churn-r2").build(), "u1", "rollback",
        ApplicationFailure.newNonRetryableFailure("no rollout is live for this run", FailureTypes.NOT_ALLOWED)));
    when(aliases.findByModelAndAlias(MODEL, Aliases.PRODUCTION))
        .thenReturn(Optional.of(new ModelAliasRecord(1L, MODEL, Aliases.PRODUCTION, 1, Instant.now())));
    when(aliases.findByModelAndAlias(MODEL, Aliases.PREVIOUS)).thenReturn(Optional.empty());

    assertThatThrownBy(() -> rollbacks.rollback(request, OLIVIA, MODEL, "canary is slow"))
        .isInstanceOf(WrongStateException.class)
        .hasMessageContaining("no previous version");
    verify(run).rollback(new RollbackRequest("olivia", "canary is slow"));
    verify(audit).record(eq(request), eq(OLIVIA), eq("model.rollback"), eq("model/churn"), anyMap(), eq(AuditTrail.REFUSED));
  }
}
