package io.trainyard.restore;

import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.trainyard.run.RunSearchAttributes;
import io.trainyard.run.TaskQueues;

/**
 * The options of a restore run's workflow: its id, the control queue, the model and restore id as
 * search attributes (so the Web UI lists it beside the model's runs), and the static summary and
 * details of {@link RestoreStory}.
 */
public final class RestoreWorkflowOptions {
  private RestoreWorkflowOptions() {}

  /** The options to start {@code input}'s workflow with. */
  public static WorkflowOptions of(RestoreInput input) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(input.workflowId())
        .setTaskQueue(TaskQueues.CONTROL)
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(RunSearchAttributes.MODEL, input.model())
            .set(RunSearchAttributes.RUN_ID, input.restoreId())
            .build())
        .setStaticSummary(RestoreStory.summary(input))
        .setStaticDetails(RestoreStory.details(input))
        .build();
  }
}
