package io.trainyard.schedule;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Map;

/** One scheduled action's start: the schedule's run at its scheduled time. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduledStart(String scheduleId, String pipeline, Map<String, Object> params, Instant scheduledAt) {
  public ScheduledStart {
    params = params == null ? Map.of() : Map.copyOf(params);
  }

  /**
   * The start's idempotency key: one run per schedule and scheduled time, however often the
   * activity that starts it is retried.
   */
  public String idempotencyKey() {
    return "schedule:" + scheduleId + ":" + scheduledAt;
  }
}
