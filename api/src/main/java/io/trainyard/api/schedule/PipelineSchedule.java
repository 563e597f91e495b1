package io.trainyard.api.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.temporal.client.schedules.ScheduleActionExecution;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleInfo;
import io.trainyard.schedule.ScheduledRun;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A pipeline's schedule as Temporal keeps it: what it runs on (as declared), whether it is paused
 * and why, its next action times, its recent actions and those still in flight.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PipelineSchedule(
    String id,
    String pipeline,
    Map<String, Object> schedule,
    boolean paused,
    @Nullable String note,
    @Nullable String createdBy,
    List<Instant> nextActions,
    List<Action> recentActions,
    List<String> running,
    long actions,
    long skippedOverlap,
    long missedCatchupWindow,
    @Nullable Instant createdAt,
    @Nullable Instant updatedAt) {

  /** One action taken: when it was due, when it started, and the workflow it started. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Action(Instant scheduledAt, Instant startedAt, @Nullable String workflowId) {}

  static PipelineSchedule of(String id, ScheduledRun scheduled, ScheduleDescription description) {
    ScheduleInfo info = description.getInfo();
    var state = description.getSchedule().getState();
    String createdBy = (String) description.getMemo(Schedules.CREATED_BY, String.class);
    return new PipelineSchedule(id, scheduled.pipeline(), ScheduleBody.answer(scheduled.schedule()), state.isPaused(),
        state.getNote() == null || state.getNote().isEmpty() ? null : state.getNote(), createdBy,
        info.getNextActionTimes().stream().limit(5).toList(),
        info.getRecentActions().stream()
            .map(a -> new Action(a.getScheduledAt(), a.getStartedAt(), workflowId(a.getAction())))
            .toList(),
        info.getRunningActions().stream().map(PipelineSchedule::workflowId).toList(),
        info.getNumActions(), info.getNumActionsSkippedOverlap(), info.getNumActionsMissedCatchupWindow(),
        info.getCreatedAt(), info.getLastUpdatedAt());
  }

  private static String workflowId(ScheduleActionExecution execution) {
    return execution instanceof ScheduleActionExecutionStartWorkflow start ? start.getWorkflowId() : null;
  }
}
