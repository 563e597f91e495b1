package io.trainyard.rollout;

import io.temporal.workflow.Workflow;
import io.trainyard.model.AliasMove;
import io.trainyard.model.Aliases;
import io.trainyard.model.ModelVersionRef;
import io.trainyard.registry.RegistryActivities;

/**
 * The changes a rollout makes to what serves, each as traffic plus aliases so that the registry
 * always says what the serving target does. Workflow code: create it inside a workflow.
 */
public final class ServingChanges {
  private final RolloutActivities rollout = Workflow.newActivityStub(RolloutActivities.class);
  private final RegistryActivities registry = Workflow.newActivityStub(RegistryActivities.class);
  private final String runId;

  public ServingChanges(String runId) {
    this.runId = runId;
  }

  /** Send a share of traffic to the candidate, marked by the {@code canary} alias. */
  public void canary(ModelVersionRef stable, ModelVersionRef candidate, int percent) {
    rollout.route(new TrafficSplit(stable, candidate, percent));
    registry.moveAlias(
        new AliasMove(candidate.model(), Aliases.CANARY, candidate.version(), runId, "canary at " + percent + "%"));
  }

  /** The candidate takes all traffic and {@code production} ({@code previous} follows). */
  public void promote(ModelVersionRef candidate, String reason) {
    rollout.route(new TrafficSplit(candidate, null, 0));
    registry.moveAlias(new AliasMove(candidate.model(), Aliases.PRODUCTION, candidate.version(), runId, reason));
    registry.moveAlias(new AliasMove(candidate.model(), Aliases.CANARY, 0, runId, reason));
  }

  /** All traffic back to stable; the candidate loses {@code canary}; production never moved. */
  public void rollBack(ModelVersionRef stable, ModelVersionRef candidate, String reason) {
    rollout.route(new TrafficSplit(stable, null, 0));
    registry.moveAlias(new AliasMove(candidate.model(), Aliases.CANARY, 0, runId, reason));
  }
}
