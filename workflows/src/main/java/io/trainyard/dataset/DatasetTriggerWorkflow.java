package io.trainyard.dataset;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A pipeline's dataset trigger ({@code datasets-<pipeline>}), fed by signal-with-start from the
 * API when a subscribed dataset gets a version: the first push of a burst sets a durable timer of
 * the subscription's debounce; pushes meanwhile replace the pending version; when the timer fires
 * the newest starts one run, and pushes while that run goes on wait behind it.
 */
@WorkflowInterface
public interface DatasetTriggerWorkflow {
  @WorkflowMethod(name = "DatasetTrigger")
  void watch(DatasetTriggerState state);

  @SignalMethod
  void arrived(DatasetArrival arrival);
}
