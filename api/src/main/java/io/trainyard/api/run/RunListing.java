package io.trainyard.api.run;

import io.micronaut.core.annotation.Nullable;
import io.trainyard.api.problem.FieldProblem;
import io.trainyard.api.problem.InvalidInputException;
import io.trainyard.run.RunRecord;
import io.trainyard.run.RunRepository;
import io.trainyard.run.RunState;
import io.trainyard.run.Stage;
import io.trainyard.run.TriggerKind;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lists recorded runs newest first, a page at a time. The cursor is the (start, run id) of the last
 * run of the previous page, so pages stay stable while new runs start.
 */
@Singleton
public class RunListing {
  private static final Instant END_OF_TIME = Instant.parse("9999-12-31T00:00:00Z");
  private static final PageCursor FIRST = new PageCursor(END_OF_TIME, "");

  private final RunRepository runs;
  private final RunDetails details;

  public RunListing(RunRepository runs, RunDetails details) {
    this.runs = runs;
    this.details = details;
  }

  /** The filters of {@code GET /v1/runs}; {@code null} matches any run. */
  public record Filter(
      @Nullable String pipeline,
      @Nullable String model,
      @Nullable String state,
      @Nullable String stage,
      @Nullable String startedBy,
      @Nullable String trigger,
      @Nullable String startedAfter,
      @Nullable String startedBefore,
      @Nullable Integer limit,
      @Nullable String cursor) {}

  /** One page of runs, or {@link InvalidInputException} naming every bad filter. */
  public RunPage list(Filter filter) {
    List<FieldProblem> errors = new ArrayList<>();
    String state = oneOf("state", filter.state(), names(RunState.values()), errors);
    String stage = oneOf("stage", filter.stage(), names(Stage.values()), errors);
    String trigger = oneOf("trigger", filter.trigger(), Arrays.stream(TriggerKind.values()).map(TriggerKind::value).toList(), errors);
    Instant from = instant("startedAfter", filter.startedAfter(), Instant.EPOCH, errors);
    Instant to = instant("startedBefore", filter.startedBefore(), END_OF_TIME, errors);
    int limit = PageCursor.limit(filter.limit(), errors);
    PageCursor after = PageCursor.read(filter.cursor(), FIRST, errors);
    if (!errors.isEmpty()) {
      throw new InvalidInputException("the run filters have " + errors.size() + " error"
          + (errors.size() == 1 ? "" : "s"), errors);
    }
    List<RunRecord> rows = runs.page(blankIsNull(filter.pipeline()), blankIsNull(filter.model()), state, stage,
        blankIsNull(filter.startedBy()), trigger, from, to, after.at(), after.id(), limit + 1);
    PageCursor.Slice<RunRecord> page = PageCursor.slice(rows, limit, run -> new PageCursor(run.startedAt(), run.runId()));
    Map<String, Integer> numbers = new HashMap<>();
    return new RunPage(page.rows().stream().map(run -> details.summary(run, numbers)).toList(), page.next());
  }

  private static String oneOf(String field, String value, List<String> allowed, List<FieldProblem> errors) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (!allowed.contains(value)) {
      errors.add(new FieldProblem(field, "expected one of " + String.join(", ", allowed) + ", got '" + value + "'"));
    }
    return value;
  }

  private static Instant instant(String field, String value, Instant otherwise, List<FieldProblem> errors) {
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      errors.add(new FieldProblem(field, "expected an ISO-8601 instant such as 2026-01-31T12:00:00Z, got '" + value + "'"));
      return otherwise;
    }
  }

  private static List<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).toList();
  }

  private static String blankIsNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
