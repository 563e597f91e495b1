package io.trainyard.run;

import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;

/**
 * The options of a run's workflow, built here for every path that starts one (the API, {@code
 * trainyard run}, the benchmarks): its id, the control queue, one start per id ever, the search
 * attributes the Web UI lists runs by (the stage starts at {@link Stage#PREPARE}; the workflow moves
 * it on; the trigger's kind is set once, here), and the static summary and details of {@link RunStory}.
 */
public final class RunWorkflowOptions {
  private RunWorkflowOptions() {}

  /** The options to start {@code input}'s workflow with. */
  public static WorkflowOptions of(RunInput input) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(input.workflowId())
        .setTaskQueue(TaskQueues.CONTROL)
        // a second start of the same id is refused even after the first run closed
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(RunSearchAttributes.MODEL, input.spec().model().name())
            .set(RunSearchAttributes.PIPELINE, input.spec().name())
            .set(RunSearchAttributes.RUN_ID, input.runId())
            .set(RunSearchAttributes.STAGE, Stage.PREPARE.name())
            .set(RunSearchAttributes.TRIGGER, input.trigger().kind().value())
            .build())
        .setStaticSummary(RunStory.summary(input))
        .setStaticDetails(RunStory.details(input))
        .build();
  }
}
