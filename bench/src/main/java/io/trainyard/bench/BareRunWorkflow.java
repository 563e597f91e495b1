package io.trainyard.bench;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.trainyard.run.RunInput;

/** A bare workflow started as a Trainyard run is (its input and workflow options) that does nothing. */
@WorkflowInterface
public interface BareRunWorkflow {
  @WorkflowMethod
  int run(RunInput input);
}
