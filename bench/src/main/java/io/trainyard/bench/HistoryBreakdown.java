package io.trainyard.bench;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the time of a run's activities goes, read from its history: waiting in the task queue
 * (scheduled to started), running (started to completed), and the workflow's turn between one
 * activity's completion and the next one's scheduling.
 */
final class HistoryBreakdown {
  private HistoryBreakdown() {}

  static String of(WorkflowClient client, String workflowId, String activityPrefix) {
    List<HistoryEvent> events = client.fetchHistory(workflowId).getEvents();
    Map<Long, Long> scheduledAt = new HashMap<>();
    Map<Long, Long> startedAt = new HashMap<>();
    long queue = 0;
    long run = 0;
    long turn = 0;
    int count = 0;
    long lastCompleted = -1;
    for (HistoryEvent e : events) {
      long t = e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000;
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
          && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().startsWith(activityPrefix)) {
        scheduledAt.put(e.getEventId(), t);
        if (lastCompleted >= 0) {
          turn += t - lastCompleted;
        }
      } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
        Long scheduled = scheduledAt.get(e.getActivityTaskStartedEventAttributes().getScheduledEventId());
        if (scheduled != null) {
          startedAt.put(e.getActivityTaskStartedEventAttributes().getScheduledEventId(), t);
          queue += t - scheduled;
        }
      } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
        Long started = startedAt.get(e.getActivityTaskCompletedEventAttributes().getScheduledEventId());
        if (started != null) {
          run += t - started;
          count++;
          lastCompleted = t;
        }
      }
    }
    int turns = Math.max(1, count - 1);
    return String.format(Locale.ROOT, "%d activities: queue %.1f ms, run %.1f ms, workflow turn %.1f ms (means)",
        count, queue / (double) count, run / (double) count, turn / (double) turns);
  }
}
