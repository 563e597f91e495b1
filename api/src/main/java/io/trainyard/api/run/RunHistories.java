package io.trainyard.api.run;

import io.trainyard.api.problem.NotFoundException;
import jakarta.inject.Singleton;

/**
 * A run's workflow history as Temporal keeps it: what the Temporal Web UI shows, for the embedded
 * default too (its test server has no UI). The rollout's canary is a child workflow with its own
 * history; the run's history names it.
 */
@Singleton
public class RunHistories {
  private final RunDetails details;
  private final LiveRuns live;

  public RunHistories(RunDetails details, LiveRuns live) {
    this.details = details;
    this.live = live;
  }

  public RunHistory of(String runId) {
    String workflowId = details.workflowId(runId)
        .orElseThrow(() -> new NotFoundException("no run with id '" + runId + "'"));
    return new RunHistory(runId, workflowId, live.history(workflowId).orElseThrow(() -> new NotFoundException(
        "Temporal has no history of run " + runId + " (workflow " + workflowId + "): the server that ran it is gone"
            + " or its retention has passed; the registry keeps the run, its stages and step attempts")));
  }
}
