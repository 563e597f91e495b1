package io.trainyard.bench;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Runs {@code activities} trivial activities in sequence, as a bare SDK user would. */
public class BareWorkflowImpl implements BareWorkflow {
  private final BareActivities activities =
      Workflow.newActivityStub(
          BareActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());

  @Override
  public int run(int count) {
    int sum = 0;
    for (int i = 0; i < count; i++) {
      sum += activities.touch(i);
    }
    return sum;
  }
}
