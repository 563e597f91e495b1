package io.trainyard.bench;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The baseline: a bare Temporal workflow running trivial activities one after another. */
@WorkflowInterface
public interface BareWorkflow {
  @WorkflowMethod
  int run(int activities);
}
