package io.trainyard.api.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.trainyard.api.problem.FieldProblem;
import io.trainyard.api.problem.InvalidInputException;
import io.trainyard.cost.CostLedger;
import io.trainyard.cost.CostLine;
import io.trainyard.run.RunRecord;
import io.trainyard.run.RunRepository;
import io.trainyard.spec.BudgetSpec;
import io.trainyard.spec.ModelSpec;
import io.trainyard.spec.PipelineMetadata;
import io.trainyard.spec.PipelineSpec;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Run costs by stage, totals by key, the query's checks and the monthly budget, over a stand-in ledger. */
class CostsTest {
  private static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");
  private final CostLedger ledger = mock(CostLedger.class);
  private final RunRepository runs = mock(RunRepository.class);
  private final Costs costs = new Costs(ledger, runs, new CostSettings("eur"), Clock.fixed(NOW, ZoneOffset.UTC));

  private static CostLine line(String run, String model, String team, String stage, String state, String startedAt,
      String cost, Long preemptedMillis, String saved) {
    return new CostLine(run, "p-" + model, model, team, stage, state, saved != null, Instant.parse(startedAt), 1000L,
        preemptedMillis, new BigDecimal("36"), new BigDecimal(cost), saved == null ? null : new BigDecimal(saved));
  }

  private final List<CostLine> lines = List.of(
      line("r1", "churn", "fraud", "PREPARE", "SUCCEEDED", "2026-11-30T23:59:00Z", "0.25", 0L, null),
      line("r1", "churn", "fraud", "TRAIN", "FAILED", "2026-12-01T00:01:00Z", "1.00", 0L, null),
      line("r1", "churn", "fraud", "TRAIN", "SUCCEEDED", "2026-12-01T00:10:00Z", "2.00", 100_000L, null),
      line("r2", "clf", null, "TRAIN", "SUCCEEDED", "2026-12-02T00:00:00Z", "4.00", 0L, null),
      line("r2", "clf", null, "EVALUATE", "SUCCEEDED", "2026-12-02T01:00:00Z", "0", 0L, "0.50"));

  @Test
  void totalsGroupByModelLargestFirstAndByMonthInOrder() {
    when(ledger.between(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"), null, null, null))
        .thenReturn(lines);

    CostReport byModel = costs.totals(null, "2026-11", null, null, null, " ");

    assertThat(byModel.currency()).isEqualTo("EUR");
    assertThat(byModel.by()).isEqualTo("model");
    assertThat(byModel.to()).as("this month").isEqualTo("2026-12");
    assertThat(byModel.total()).isEqualTo(new CostFigures(new BigDecimal("7.250000"), new BigDecimal("1.000000"),
        new BigDecimal("1.000000"), new BigDecimal("0.500000"), 5, 2));
    assertThat(byModel.totals()).extracting(CostTotal::key, t -> t.cost().total())
        .containsExactly(tuple("clf", new BigDecimal("4.000000")), tuple("churn", new BigDecimal("3.250000")));
    assertThat(costs.totals("month", "2026-11", "2026-12", null, null, null).totals())
        .extracting(CostTotal::key, t -> t.cost().attempts()).containsExactly(tuple("2026-11", 1), tuple("2026-12", 4));
    assertThat(costs.totals("team", "2026-11", "2026-12", null, null, null).totals())
        .extracting(CostTotal::key).containsExactly(null, "fraud");
  }

  @Test
  void aRunsCostIsItsAttemptsSumByStageInStageOrder() {
    when(runs.findById("r1")).thenReturn(Optional.of(new RunRecord("r1", "run-p-r1", "p", "sha256:x", "churn", "{}", "ana",
        "BUDGET_EXCEEDED", "DONE", null, "{}", null, null, NOW, NOW, "api", null, "fraud", new BigDecimal("3"))));
    when(ledger.ofRun("r1")).thenReturn(lines.subList(0, 3));

    RunCost cost = costs.ofRun("r1");

    assertThat(cost.budget()).isEqualByComparingTo("3");
    assertThat(cost.cost().total()).isEqualByComparingTo("3.25");
    assertThat(cost.cost().failed()).isEqualByComparingTo("1");
    assertThat(cost.stages().keySet()).containsExactly("PREPARE", "TRAIN");
    assertThat(cost.stages().get("TRAIN").total()).isEqualByComparingTo("3");
  }

  @Test
  void everyMistakeOfTheQueryIsNamed() {
    assertThatThrownBy(() -> costs.totals("colour", "2026-13", null, null, null, null))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors()).extracting(FieldProblem::field)
            .containsExactly("by", "from"));
    assertThatThrownBy(() -> costs.totals(null, "2026-12", "2026-11", null, null, null))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors()).singleElement()
            .satisfies(p -> assertThat(p.message()).contains("not before from (2026-12)")));
    assertThatThrownBy(() -> costs.totals(null, "2024-12", "2026-12", null, null, null))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors()).singleElement()
            .satisfies(p -> assertThat(p.message()).contains("at most 24 months")));
  }

  @Test
  void aModelThatSpentItsMonthlyBudgetStartsNoRunAndIsToldWhatItSpent() {
    PipelineSpec spec = new PipelineSpec(PipelineSpec.API_VERSION, PipelineSpec.KIND, new PipelineMetadata("churn-daily", null, Map.of()),
        new ModelSpec("churn", "${steps.fit.outputs.model}"), null, null, null, null, null, null, null, null,
        new BudgetSpec(null, new BigDecimal("10")));
    when(ledger.spentByModel(eq("churn"), any(), any())).thenReturn(new BigDecimal("9.990000"));
    costs.checkMonthlyBudget(spec);

    when(ledger.spentByModel("churn", Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z")))
        .thenReturn(new BigDecimal("10.250000"));
    assertThatThrownBy(() -> costs.checkMonthlyBudget(spec))
        .isInstanceOf(BudgetExceededException.class)
        .hasMessage("model 'churn' spent 10.25 EUR in 2026-12, its monthly budget is 10 EUR (pipeline 'churn-daily', "
            + "budget.monthly): no run of it starts before 2027-01 unless the budget is raised");
  }
}
