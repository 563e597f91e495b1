package io.trainyard.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When Trainyard starts a pipeline by itself ({@code schedule:}): a cron expression or an interval
 * ({@code every}, exactly one of them), with the parameters of the scheduled runs and the Temporal
 * Schedule's policies. Durations are spec text ({@code 6h}); the accessors below read them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduleSpec(
    String cron,
    String every,
    String offset,
    String timezone,
    String jitter,
    ScheduleOverlap overlap,
    String catchupWindow,
    Map<String, Object> params,
    Boolean paused,
    String note) {

  public static final String DEFAULT_TIMEZONE = "UTC";
  public static final String DEFAULT_JITTER = "0s";
  public static final String DEFAULT_CATCHUP_WINDOW = "10m";
  /** The prefix of a pipeline's schedule id: {@code trainyard-<pipeline name>}. */
  public static final String ID_PREFIX = "trainyard-";

  public ScheduleSpec {
    timezone = timezone == null ? DEFAULT_TIMEZONE : timezone;
    jitter = jitter == null ? DEFAULT_JITTER : jitter;
    overlap = overlap == null ? ScheduleOverlap.SKIP : overlap;
    catchupWindow = catchupWindow == null ? DEFAULT_CATCHUP_WINDOW : catchupWindow;
    // not Map.copyOf: a null value is a mistake to report, not a reason for the document not to bind
    params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    paused = paused == null ? Boolean.FALSE : paused;
  }

  /** The id of the Temporal Schedule of a pipeline. */
  public static String scheduleId(String pipelineName) {
    return ID_PREFIX + pipelineName;
  }

  /**
   * Every mistake of this schedule, for the pipeline whose runs it starts: each error's field is a
   * path under {@code at}, the schedule's own path ({@code "schedule"} in a pipeline document,
   * {@code ""} for a schedule that is a request body), and has no line.
   */
  public List<SpecError> problems(String at, PipelineSpec pipeline) {
    return ScheduleChecks.check(this, at, pipeline);
  }

  /** The interval of an {@code every} schedule; empty for a cron schedule. */
  public Optional<Duration> interval() {
    return Optional.ofNullable(every).map(Durations::parse);
  }

  /** How far into each interval the actions come ({@code offset}; zero when absent). */
  public Duration intervalOffset() {
    return offset == null ? Duration.ZERO : Durations.parse(offset);
  }

  /** The time zone a cron expression is read in. */
  public ZoneId zone() {
    return ZoneId.of(timezone);
  }

  /** The most each action is delayed by, at random. */
  public Duration jitterDuration() {
    return Durations.parse(jitter);
  }

  /** How late an action missed (a server down) may still start. */
  public Duration catchupWindowDuration() {
    return Durations.parse(catchupWindow);
  }
}
