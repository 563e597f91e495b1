package io.trainyard.api.dataset;

import io.temporal.activity.Activity;
import io.trainyard.api.cost.BudgetExceededException;
import io.trainyard.api.run.RunEnds;
import io.trainyard.api.run.RunStarter;
import io.trainyard.api.run.StartRunRequest;
import io.trainyard.api.security.Caller;
import io.trainyard.dataset.DatasetStart;
import io.trainyard.dataset.DatasetTriggerActivities;
import io.trainyard.run.RunTrigger;
import io.trainyard.schedule.StartedRun;
import jakarta.inject.Singleton;

/**
 * A dataset trigger's work in the API's process: its run starts through {@link RunStarter} like a
 * REST call's, as {@link Caller#SCHEDULER}, keyed on the dataset version, reading that version
 * through {@code ${dataset.NAME}}; unless a model of the pipeline was trained on the digest already.
 */
@Singleton
public class DatasetTriggerActivitiesImpl implements DatasetTriggerActivities {
  private final RunStarter starter;
  private final DatasetSubscriptions subscriptions;
  private final RunEnds ends;

  public DatasetTriggerActivitiesImpl(RunStarter starter, DatasetSubscriptions subscriptions, RunEnds ends) {
    this.starter = starter;
    this.subscriptions = subscriptions;
    this.ends = ends;
  }

  @Override
  public StartedRun startRun(DatasetStart start) {
    var arrival = start.arrival();
    if (subscriptions.trainedOn(start.pipeline(), arrival.sha256()).isPresent()) {
      return null;
    }
    try {
      var started = starter.start(Activity.getExecutionContext().getInfo().getWorkflowId(), Caller.SCHEDULER,
          new StartRunRequest(start.pipeline(), null, null, null), start.idempotencyKey(),
          RunTrigger.dataset(arrival.dataset(), arrival.version(), arrival.sha256()));
      return new StartedRun(started.run().runId(), started.run().workflowId());
    } catch (BudgetExceededException e) {
      throw e.asFailure();
    }
  }

  @Override
  public String awaitEnd(StartedRun run) {
    return ends.await(run.runId(), run.workflowId());
  }
}
