package io.trainyard.schedule;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A Temporal Schedule's action: starts one run of the pipeline through the API's start path and
 * lives as long as that run, so that the schedule's overlap policy ({@code skip} by default) sees
 * the run in flight. Its result is the run's final state.
 */
@WorkflowInterface
public interface ScheduledRunWorkflow {
  /** The workflow type a schedule's action names. */
  String TYPE = "ScheduledRun";

  @WorkflowMethod(name = TYPE)
  String run(ScheduledRun scheduled);
}
