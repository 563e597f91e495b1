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

  /** Means over the activities of every run in {@code workflowIds}. */
  static String of(WorkflowClient client, List<String> workflowIds, String activityPrefix) {
    long queue = 0;
    long run = 0;
    long turn = 0;
    int count = 0;
    int turns = 0;
    for (String workflowId : workflowIds) {
      long[] one = times(client.fetchHistory(workflowId).getEvents(), activityPrefix);
      queue += one[0];
      run += one[1];
      turn += one[2];
      count += (int) one[3];
      turns += (int) Math.max(0, one[3] - 1);
    }
    return String.format(Locale.ROOT, "%d runs, %d activities: queue %.2f ms, run %.2f ms, workflow turn %.2f ms (means)",
        workflowIds.size(), count, queue / (double) count, run / (double) count, turn / (double) Math.max(1, turns));
  }

  /** Queue, run and turn totals (ms) and the activity count of one run. */
  private static long[] times(List<HistoryEvent> events, String activityPrefix) {
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
    return new long[] {queue, run, turn, count};
  }
}
