package io.trainyard.bench;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.trainyard.spec.StepSpec;
import java.util.List;

/**
 * The orchestration baseline: a bare Temporal workflow calling Trainyard's own step activity for
 * each step of a chain, with none of the run workflow's bookkeeping (no stages, no status, no
 * registry or gate activities), so that the two sides do exactly the same activity work.
 */
@WorkflowInterface
public interface BareStepWorkflow {
  @WorkflowMethod
  int run(String runId, List<StepSpec> chain);
}
