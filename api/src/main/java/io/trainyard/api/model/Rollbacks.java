package io.trainyard.api.model;

import io.micronaut.http.HttpRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowUpdateException;
import io.trainyard.api.audit.AuditTrail;
import io.trainyard.api.problem.NotFoundException;
import io.trainyard.api.problem.WrongStateException;
import io.trainyard.api.security.Caller;
import io.trainyard.model.Aliases;
import io.trainyard.model.ModelAliasRecord;
import io.trainyard.model.ModelAliasRepository;
import io.trainyard.restore.ModelRestoreWorkflow;
import io.trainyard.restore.RestoreInput;
import io.trainyard.restore.RestoreWorkflowOptions;
import io.trainyard.run.ModelRunWorkflow;
import io.trainyard.run.RollbackRequest;
import io.trainyard.run.RunIds;
import io.trainyard.run.RunRecord;
import io.trainyard.run.RunRepository;
import io.trainyard.run.RunState;
import io.trainyard.run.RunStatus;
import io.trainyard.run.Stage;
import io.trainyard.temporal.TemporalFactory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rolling a model back. While a run of the model is in its rollout, that run's workflow undoes it
 * (its {@code rollback} update; the update's validator is the judge of "live", the registry only
 * names the candidates). Otherwise a restore run puts the version at {@code previous} back at
 * {@code production}. Audited, refused ones too.
 */
@Singleton
public class Rollbacks {
  private final ModelCatalog catalog;
  private final ModelAliasRepository aliases;
  private final RunRepository runs;
  private final WorkflowClient temporal;
  private final AuditTrail audit;

  public Rollbacks(ModelCatalog catalog, ModelAliasRepository aliases, RunRepository runs, @Named(TemporalFactory.API) WorkflowClient temporal, AuditTrail audit) {
    this.catalog = catalog;
    this.aliases = aliases;
    this.runs = runs;
    this.temporal = temporal;
    this.audit = audit;
  }

  /** Roll model {@code name} back on behalf of {@code caller}. */
  public RollbackAnswer rollback(HttpRequest<?> request, Caller caller, String name, String reason) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("reason", reason);
    try {
      RollbackAnswer answer = rollback(caller, name, reason);
      detail.put("mode", answer.mode());
      detail.put("runId", answer.runId());
      detail.put("from", answer.from());
      detail.put("to", answer.to());
      audit.record(request, caller, "model.rollback", "model/" + name, detail, AuditTrail.OK);
      return answer;
    } catch (NotFoundException | WrongStateException e) {
      detail.put("refusal", e.getMessage());
      audit.record(request, caller, "model.rollback", "model/" + name, detail, AuditTrail.REFUSED);
      throw e;
    }
  }

  private RollbackAnswer rollback(Caller caller, String name, String reason) {
    catalog.latestVersion(name);
    String why = reason == null || reason.isBlank() ? "rolled back by " + caller.user() : reason;
    for (RunRecord run : rollingOut(name)) {
      Optional<RunStatus> ended = rollBackLive(run, new RollbackRequest(caller.user(), why));
      if (ended.isPresent()) {
        return RollbackAnswer.liveRollout(run.runId(), RolledBackRun.of(run.runId(), ended.get()));
      }
    }
    return restore(caller, name, why);
  }

  /** Runs of the model that the registry last saw in their rollout, newest first. */
  private List<RunRecord> rollingOut(String name) {
    return runs.findByStateIn(List.of(RunState.RUNNING.name())).stream()
        .filter(run -> name.equals(run.model()) && Stage.ROLLOUT.name().equals(run.stage()))
        .sorted(Comparator.comparing(RunRecord::startedAt).reversed())
        .toList();
  }

  private Optional<RunStatus> rollBackLive(RunRecord run, RollbackRequest request) {
    try {
      return Optional.of(temporal.newWorkflowStub(ModelRunWorkflow.class, run.workflowId()).rollback(request));
    } catch (WorkflowUpdateException e) {
      // the validator says its rollout is no longer live: the aliases tell what to restore
      return Optional.empty();
    } catch (WorkflowException e) {
      // the workflow ended between the registry read and the update
      return Optional.empty();
    }
  }

  private RollbackAnswer restore(Caller caller, String name, String reason) {
    ModelAliasRecord production = aliases.findByModelAndAlias(name, Aliases.PRODUCTION)
        .orElseThrow(() -> new WrongStateException("model '" + name + "' has no production version: nothing to roll back"));
    ModelAliasRecord previous = aliases.findByModelAndAlias(name, Aliases.PREVIOUS)
        .orElseThrow(() -> new WrongStateException(
            "model '" + name + "' has no previous version to restore (production is version " + production.version() + ")"));
    if (previous.version() == production.version()) {
      throw new WrongStateException("model '" + name + "' has version " + production.version() + " at both production and previous: nothing to restore");
    }
    RestoreInput input = new RestoreInput(
        RunIds.next(), name, production.version(), previous.version(), caller.user(), reason);
    ModelRestoreWorkflow workflow = temporal.newWorkflowStub(ModelRestoreWorkflow.class, RestoreWorkflowOptions.of(input));
    WorkflowClient.start(workflow::restore, input);
    return RollbackAnswer.restore(input.restoreId(), production.version(), previous.version());
  }
}
