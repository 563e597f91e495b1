package io.trainyard.api.schedule;

import io.temporal.activity.Activity;
import io.trainyard.api.cost.BudgetExceededException;
import io.trainyard.api.problem.WrongStateException;
import io.trainyard.api.run.RunCancellation;
import io.trainyard.api.run.RunEnds;
import io.trainyard.api.run.RunStarter;
import io.trainyard.api.run.StartRunRequest;
import io.trainyard.api.security.Caller;
import io.trainyard.run.RunTrigger;
import io.trainyard.schedule.ScheduleActivities;
import io.trainyard.schedule.ScheduledStart;
import io.trainyard.schedule.StartedRun;
import jakarta.inject.Singleton;

/**
 * A scheduled action's work in the API's process: its run starts through {@link RunStarter} like a
 * REST call's (claim keyed on the schedule and its time, parameter checks, audit row), as the user
 * {@value #SCHEDULER} (who starts dataset-triggered runs too); then the action follows the run to its end.
 */
@Singleton
public class ScheduleActivitiesImpl implements ScheduleActivities {
  /** Who starts scheduled runs, in the audit trail and the run's {@code startedBy}. */
  public static final String SCHEDULER = Caller.SCHEDULER.user();

  private final RunStarter starter;
  private final RunCancellation cancellation;
  private final RunEnds ends;

  public ScheduleActivitiesImpl(RunStarter starter, RunCancellation cancellation, RunEnds ends) {
    this.starter = starter;
    this.cancellation = cancellation;
    this.ends = ends;
  }

  @Override
  public StartedRun startRun(ScheduledStart start) {
    try {
      var started = starter.start(action(), Caller.SCHEDULER, new StartRunRequest(start.pipeline(), null, start.params(), null),
          start.idempotencyKey(), RunTrigger.schedule(start.scheduleId(), start.scheduledAt()));
      return new StartedRun(started.run().runId(), started.run().workflowId());
    } catch (BudgetExceededException e) {
      throw e.asFailure();
    }
  }

  /** What the audit trail names as the request: the schedule action's workflow. */
  private static String action() {
    return Activity.getExecutionContext().getInfo().getWorkflowId();
  }

  @Override
  public void cancelRun(StartedRun run) {
    try {
      cancellation.cancel(action(), Caller.SCHEDULER, run.runId(), "a newer action of its schedule came due (overlap: cancel-other)");
    } catch (WrongStateException ended) {
      // the run ended meanwhile: nothing to cancel
    }
  }

  @Override
  public String awaitEnd(StartedRun run) {
    return ends.await(run.runId(), run.workflowId());
  }

}
