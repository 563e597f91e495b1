package io.trainyard.spec;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The checks of a {@link ScheduleSpec}: cron or interval, durations and their bounds, time zone, note,
 * and the scheduled runs' parameters against the pipeline's. Every error is collected.
 */
final class ScheduleChecks {
  /** The macros Temporal reads; cron-utils' UNIX definition has none of them, so they are checked here. */
  private static final List<String> MACROS = List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");
  private static final Duration MIN_EVERY = Duration.ofMinutes(1);
  /** Temporal's least catch-up window. */
  private static final Duration MIN_CATCHUP_WINDOW = Duration.ofSeconds(10);
  /** The API's limit of free text (a comment, a reason), for the same reasons: it is kept whole. */
  private static final int MAX_NOTE_LENGTH = 1000;

  // thread-safe once built: a parser holds the definition and reads nothing else
  private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

  private final ScheduleSpec schedule;
  private final String at;
  private final List<SpecError> errors = new ArrayList<>();

  private ScheduleChecks(ScheduleSpec schedule, String at) {
    this.schedule = schedule;
    this.at = at;
  }

  static List<SpecError> check(ScheduleSpec schedule, String at, PipelineSpec pipeline) {
    ScheduleChecks checks = new ScheduleChecks(schedule, at);
    checks.timing();
    checks.policies();
    checks.errors.addAll(ParameterValues.typedErrors(pipeline, schedule.params(), FieldPath.field(at, "params")));
    return checks.errors;
  }

  private void error(String name, String message) {
    errors.add(new SpecError(name.isEmpty() ? at : FieldPath.field(at, name), null, message));
  }

  /** Cron or interval (exactly one), the interval's offset, the cron's time zone. */
  private void timing() {
    if (schedule.cron() != null && schedule.every() != null) {
      error("", "has both cron and every: give one of them");
    } else if (schedule.cron() == null && schedule.every() == null) {
      error("", "needs cron (such as '0 3 * * *' or @daily) or every (such as 6h)");
    }
    if (schedule.cron() != null) {
      cron(schedule.cron());
    }
    Optional<Duration> every = atLeast("every", schedule.every(), MIN_EVERY, " (the shortest interval)");
    if (schedule.offset() != null && schedule.every() == null) {
      error("offset", "is for every: a cron expression sets its own times");
    } else {
      atLeast("offset", schedule.offset(), Duration.ZERO, "").ifPresent(offset -> every.ifPresent(interval -> {
        if (offset.compareTo(interval) >= 0) {
          error("offset", "must be less than every (" + schedule.every() + "), got " + schedule.offset());
        }
      }));
    }
    if (!ZONES.contains(schedule.timezone())) {
      error("timezone", "unknown time zone '" + schedule.timezone() + "'; expected an IANA id such as Europe/Paris or UTC");
    }
  }

  private void cron(String cron) {
    if (cron.startsWith("@")) {
      if (!MACROS.contains(cron)) {
        error("cron", "unknown macro '" + cron + "': expected one of " + String.join(", ", MACROS));
      }
      return;
    }
    try {
      CRON.parse(cron).validate();
    } catch (IllegalArgumentException e) {
      error("cron", "'" + cron + "' is not a cron expression: expected 5 fields (minute hour day-of-month month"
          + " day-of-week) or one of " + String.join(", ", MACROS) + " (" + e.getMessage() + ")");
    }
  }

  private void policies() {
    atLeast("jitter", schedule.jitter(), Duration.ZERO, "");
    atLeast("catchupWindow", schedule.catchupWindow(), MIN_CATCHUP_WINDOW, " (Temporal's least catch-up window)");
    if (schedule.note() != null && schedule.note().length() > MAX_NOTE_LENGTH) {
      error("note", "at most " + MAX_NOTE_LENGTH + " characters, got " + schedule.note().length());
    }
  }

  /** The duration when there is one, it reads, and it is at least {@code least} ({@code why}: a word on that bound). */
  private Optional<Duration> atLeast(String name, String text, Duration least, String why) {
    Optional<Duration> duration = duration(name, text);
    if (duration.isPresent() && duration.get().compareTo(least) < 0) {
      error(name, (least.isZero() ? "must not be negative" : "must be at least " + Durations.format(least) + why) + ", got " + text);
      return Optional.empty();
    }
    return duration;
  }

  private Optional<Duration> duration(String name, String text) {
    if (text == null) {
      return Optional.empty();
    }
    // Durations reads no sign in the short form: read it here, so that "-5m" is reported as negative, not as no duration
    boolean negative = text.trim().startsWith("-");
    try {
      Duration duration = Durations.parse(negative ? text.trim().substring(1) : text);
      return Optional.of(negative ? duration.negated() : duration);
    } catch (IllegalArgumentException e) {
      error(name, e.getMessage());
      return Optional.empty();
    }
  }
}
