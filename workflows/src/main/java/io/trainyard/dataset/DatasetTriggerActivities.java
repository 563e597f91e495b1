package io.trainyard.dataset;

import io.temporal.activity.ActivityInterface;
import io.trainyard.schedule.StartedRun;

/** What a pipeline's dataset trigger does outside its workflow; served by the API's process on {@code trainyard-triggers}. */
@ActivityInterface(namePrefix = "Dataset.")
public interface DatasetTriggerActivities {

  /**
   * Start the pipeline's run on the arrival through the API's start path, once; null when a model
   * of the pipeline was trained on that digest already (nothing is started).
   */
  StartedRun startRun(DatasetStart start);

  /** Wait until the run has ended; its final state. */
  String awaitEnd(StartedRun run);
}
