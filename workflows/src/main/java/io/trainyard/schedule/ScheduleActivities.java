package io.trainyard.schedule;

import io.temporal.activity.ActivityInterface;

/**
 * What a scheduled action does outside its workflow: start the run through the API's start path,
 * and follow it to its end. Served by the API's process on {@code trainyard-triggers}.
 */
@ActivityInterface(namePrefix = "Schedule.")
public interface ScheduleActivities {

  /** Start the pipeline's run for this action, once (keyed on the schedule and its time). */
  StartedRun startRun(ScheduledStart start);

  /** Wait until the run has ended; its final state ({@code SUCCEEDED}, {@code REJECTED}, ...). */
  String awaitEnd(StartedRun run);

  /**
   * Cancel the run through the API's cancel path (its canary undone first): the schedule's
   * {@code cancel-other} policy cancelled the action that started it.
   */
  void cancelRun(StartedRun run);
}
