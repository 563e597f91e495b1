package io.trainyard.schedule;

import io.temporal.common.SearchAttributeKey;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Starts the scheduled run, then waits for its end. */
public class ScheduledRunWorkflowImpl implements ScheduledRunWorkflow {
  /** Set by the Temporal server on every workflow a schedule starts: the action's nominal time. */
  static final SearchAttributeKey<OffsetDateTime> SCHEDULED_TIME =
      SearchAttributeKey.forOffsetDateTime("TemporalScheduledStartTime");

  private final ScheduleActivities activities = Workflow.newActivityStub(ScheduleActivities.class);

  @Override
  public String run(ScheduledRun scheduled) {
    StartedRun run = activities.startRun(
        new ScheduledStart(scheduled.scheduleId(), scheduled.pipeline(), scheduled.schedule().params(), scheduledAt()));
    Workflow.setCurrentDetails("Started run `" + run.runId() + "` (workflow `" + run.workflowId()
        + "`); this action ends with it, so the schedule's overlap policy sees it in flight.");
    try {
      String state = activities.awaitEnd(run);
      Workflow.setCurrentDetails("Run `" + run.runId() + "` (workflow `" + run.workflowId() + "`) ended: " + state + ".");
      return state;
    } catch (ActivityFailure | CanceledFailure e) {
      if (!CancellationScope.current().isCancelRequested()) {
        throw e;
      }
      // the schedule's cancel-other: the run ends properly, and this action ends when it has
      Workflow.newDetachedCancellationScope(() -> {
        activities.cancelRun(run);
        activities.awaitEnd(run);
      }).run();
      throw e;
    }
  }

  /** The action's scheduled time; a workflow started by hand (no schedule) takes its own start. */
  private static Instant scheduledAt() {
    OffsetDateTime scheduled = Workflow.getTypedSearchAttributes().get(SCHEDULED_TIME);
    return scheduled != null ? scheduled.toInstant() : Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
