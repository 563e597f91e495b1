package io.trainyard.api.schedule;

import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleState;
import io.trainyard.run.TaskQueues;
import io.trainyard.schedule.ScheduledRun;
import io.trainyard.schedule.ScheduledRunWorkflow;
import io.trainyard.spec.ScheduleSpec;
import java.util.List;

/**
 * The Temporal Schedule that runs a pipeline as its {@link ScheduleSpec} says: a cron expression or
 * an interval in its time zone with its jitter, its overlap policy and catch-up window, paused or
 * not; its action starts {@link ScheduledRunWorkflow} on {@link TaskQueues#TRIGGERS} with the
 * {@link ScheduledRun} (the declaration travels with the action, where describing reads it back).
 * The action's workflows get no static summary: the SDK (1.38) fails to describe a schedule whose
 * action carries one ({@code DataConverterException} reading the action back); the workflow writes
 * its current details instead.
 */
final class ScheduleDefinition {
  private ScheduleDefinition() {}

  static Schedule of(ScheduledRun scheduled) {
    ScheduleSpec spec = scheduled.schedule();
    io.temporal.client.schedules.ScheduleSpec.Builder when = io.temporal.client.schedules.ScheduleSpec.newBuilder()
        .setTimeZoneName(spec.zone().getId())
        .setJitter(spec.jitterDuration());
    spec.interval().ifPresentOrElse(
        every -> when.setIntervals(List.of(new ScheduleIntervalSpec(every, spec.intervalOffset()))),
        () -> when.setCronExpressions(List.of(spec.cron())));
    return Schedule.newBuilder()
        .setAction(ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType(ScheduledRunWorkflow.TYPE)
            .setArguments(scheduled)
            .setOptions(WorkflowOptions.newBuilder()
                .setWorkflowId(scheduled.scheduleId())
                .setTaskQueue(TaskQueues.TRIGGERS)
                .build())
            .build())
        .setSpec(when.build())
        .setPolicy(SchedulePolicy.newBuilder()
            .setOverlap(spec.overlap().toTemporal())
            .setCatchupWindow(spec.catchupWindowDuration())
            .build())
        .setState(ScheduleState.newBuilder().setPaused(spec.paused()).setNote(spec.note() == null ? "" : spec.note()).build())
        .build();
  }
}
