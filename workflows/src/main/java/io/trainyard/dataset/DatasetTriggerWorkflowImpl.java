package io.trainyard.dataset;

import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import io.trainyard.schedule.StartedRun;
import io.trainyard.spec.Durations;
import java.time.Duration;

/** Debounces a pipeline's dataset arrivals into runs, one at a time; continues as new as its history grows. */
public class DatasetTriggerWorkflowImpl implements DatasetTriggerWorkflow {
  private final DatasetTriggerActivities activities = Workflow.newActivityStub(DatasetTriggerActivities.class);
  private final String pipeline;
  private DatasetArrival pending;
  private Long dueMillis;

  @WorkflowInit
  public DatasetTriggerWorkflowImpl(DatasetTriggerState state) {
    this.pipeline = state.pipeline();
    this.pending = state.pending();
    this.dueMillis = state.dueMillis();
  }

  @Override
  public void watch(DatasetTriggerState state) {
    while (true) {
      story("waiting for a push");
      Workflow.await(() -> pending != null);
      Workflow.sleep(Duration.ofMillis(Math.max(0, dueMillis - Workflow.currentTimeMillis())));
      DatasetArrival arrival = pending;
      pending = null;
      dueMillis = null;
      StartedRun run = activities.startRun(new DatasetStart(pipeline, arrival));
      if (run == null) {
        story(describe(arrival) + ": a model of the pipeline was trained on its digest already; nothing started");
      } else {
        story(describe(arrival) + " started run `" + run.runId() + "`; pushes meanwhile wait behind it");
        activities.awaitEnd(run);
      }
      if (Workflow.getInfo().isContinueAsNewSuggested() || Workflow.getInfo().getHistoryLength() > 2_000) {
        Workflow.continueAsNew(new DatasetTriggerState(pipeline, pending, dueMillis));
      }
    }
  }

  @Override
  public void arrived(DatasetArrival arrival) {
    if (pending == null && dueMillis == null) {
      dueMillis = Workflow.currentTimeMillis() + Durations.parse(arrival.debounce()).toMillis();
    }
    pending = arrival;
  }

  private void story(String now) {
    Workflow.setCurrentDetails("Dataset trigger of pipeline `" + pipeline + "`: " + now
        + (pending == null ? "." : ". Pending: " + describe(pending) + "."));
  }

  private static String describe(DatasetArrival arrival) {
    return "dataset `" + arrival.dataset() + "` version " + arrival.version();
  }
}
