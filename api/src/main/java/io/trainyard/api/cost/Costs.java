package io.trainyard.api.cost;

import io.micronaut.core.annotation.Nullable;
import io.trainyard.api.problem.FieldProblem;
import io.trainyard.api.problem.InvalidInputException;
import io.trainyard.api.problem.NotFoundException;
import io.trainyard.cost.CostLedger;
import io.trainyard.cost.CostLine;
import io.trainyard.run.RunRecord;
import io.trainyard.run.RunRepository;
import io.trainyard.run.Stage;
import io.trainyard.spec.PipelineSpec;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What runs cost, read from the cost ledger: one run's cost by stage, totals by model, pipeline,
 * team or month, and the check of a pipeline's monthly budget before a run of it starts. An attempt
 * counts in the month (UTC) it started.
 */
@Singleton
public class Costs {
  /** How far {@code /v1/costs} reaches in one request. */
  static final int MAX_MONTHS = 24;

  /** What totals group by. */
  enum By {
    MODEL(CostLine::model),
    PIPELINE(CostLine::pipeline),
    TEAM(CostLine::team),
    MONTH(line -> YearMonth.from(line.startedAt().atZone(ZoneOffset.UTC)).toString());

    private final Function<CostLine, String> key;

    By(Function<CostLine, String> key) {
      this.key = key;
    }

    String value() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final CostLedger ledger;
  private final RunRepository runs;
  private final CostSettings settings;
  private final Clock clock;

  public Costs(CostLedger ledger, RunRepository runs, CostSettings settings) {
    this(ledger, runs, settings, Clock.systemUTC());
  }

  Costs(CostLedger ledger, RunRepository runs, CostSettings settings, Clock clock) {
    this.ledger = ledger;
    this.runs = runs;
    this.settings = settings;
    this.clock = clock;
  }

  /** What a run cost so far, in all and by stage. */
  public RunCost ofRun(String runId) {
    RunRecord run = runs.findById(runId).orElseThrow(() -> new NotFoundException("no run with id '" + runId + "'"));
    CostTally total = new CostTally();
    Map<Stage, CostTally> byStage = new TreeMap<>();
    for (CostLine line : ledger.ofRun(runId)) {
      total.add(line);
      byStage.computeIfAbsent(Stage.valueOf(line.stage()), s -> new CostTally()).add(line);
    }
    Map<String, CostFigures> stages = new LinkedHashMap<>();
    byStage.forEach((stage, tally) -> stages.put(stage.name(), tally.figures()));
    return new RunCost(runId, settings.currency(), run.budget(), total.figures(), stages);
  }

  /**
   * Totals of the attempts started in the months {@code from} to {@code to} (inclusive, {@code
   * YYYY-MM}, UTC; both default to this month), of runs matching the filters, by {@code by} (model,
   * the default; pipeline; team; month).
   */
  public CostReport totals(
      @Nullable String by, @Nullable String from, @Nullable String to,
      @Nullable String model, @Nullable String pipeline, @Nullable String team) {
    List<FieldProblem> errors = new ArrayList<>();
    By grouping = by(by, errors);
    YearMonth now = YearMonth.now(clock);
    YearMonth first = month("from", from, now, errors);
    YearMonth last = month("to", to, now, errors);
    if (errors.isEmpty() && first.isAfter(last)) {
      errors.add(new FieldProblem("to", "expected a month not before from (" + first + "), got " + last));
    } else if (errors.isEmpty() && first.plusMonths(MAX_MONTHS - 1).isBefore(last)) {
      errors.add(new FieldProblem("to", "expected at most " + MAX_MONTHS + " months from " + first + ", got " + last));
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputException("the cost query has " + errors.size() + " error" + (errors.size() == 1 ? "" : "s"), errors);
    }
    CostTally total = new CostTally();
    Map<String, CostTally> groups = new LinkedHashMap<>();
    for (CostLine line : ledger.between(start(first), start(last.plusMonths(1)), blankIsNull(model), blankIsNull(pipeline), blankIsNull(team))) {
      total.add(line);
      groups.computeIfAbsent(grouping.key.apply(line), k -> new CostTally()).add(line);
    }
    Comparator<CostTotal> order = grouping == By.MONTH
        ? Comparator.comparing(CostTotal::key)
        : Comparator.comparing((CostTotal t) -> t.cost().total()).reversed()
            .thenComparing(CostTotal::key, Comparator.nullsLast(Comparator.naturalOrder()));
    List<CostTotal> totals = groups.entrySet().stream()
        .map(g -> new CostTotal(g.getKey(), g.getValue().figures()))
        .sorted(order)
        .toList();
    return new CostReport(settings.currency(), grouping.value(), first.toString(), last.toString(), total.figures(), totals);
  }

  /**
   * Refuses a new run of {@code spec} when its model already spent the pipeline's monthly budget
   * ({@code budget.monthly}) in this month (UTC), saying what was spent.
   */
  public void checkMonthlyBudget(PipelineSpec spec) {
    BigDecimal monthly = spec.budget() == null ? null : spec.budget().monthly();
    if (monthly == null) {
      return;
    }
    YearMonth month = YearMonth.now(clock);
    String model = spec.model().name();
    BigDecimal spent = ledger.spentByModel(model, start(month), start(month.plusMonths(1)));
    if (spent.compareTo(monthly) >= 0) {
      throw new BudgetExceededException("model '" + model + "' spent " + plain(spent) + " " + settings.currency()
          + " in " + month + ", its monthly budget is " + plain(monthly) + " " + settings.currency()
          + " (pipeline '" + spec.name() + "', budget.monthly): no run of it starts before " + month.plusMonths(1)
          + " unless the budget is raised");
    }
  }

  private static By by(String by, List<FieldProblem> errors) {
    if (by == null || by.isBlank()) {
      return By.MODEL;
    }
    for (By value : By.values()) {
      if (value.value().equals(by)) {
        return value;
      }
    }
    errors.add(new FieldProblem("by", "expected one of model, pipeline, team, month; got '" + by + "'"));
    return By.MODEL;
  }

  private static YearMonth month(String field, String text, YearMonth otherwise, List<FieldProblem> errors) {
    if (text == null || text.isBlank()) {
      return otherwise;
    }
    try {
      return YearMonth.parse(text.strip());
    } catch (DateTimeParseException e) {
      errors.add(new FieldProblem(field, "expected a month as YYYY-MM (2026-12), got '" + text + "'"));
      return otherwise;
    }
  }

  private static Instant start(YearMonth month) {
    return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static String plain(BigDecimal amount) {
    return amount.stripTrailingZeros().toPlainString();
  }

  private static String blankIsNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
