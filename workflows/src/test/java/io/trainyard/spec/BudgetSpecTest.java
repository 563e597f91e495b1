package io.trainyard.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A pipeline's {@code budget:} and its team label. */
class BudgetSpecTest {
  private final PipelineParser parser = PipelineParserTest.parser();

  private static final String PIPELINE = """
      apiVersion: trainyard.io/v1
      kind: Pipeline
      metadata: {name: churn, labels: {team: fraud}}
      model: {name: churn, artifact: "${steps.fit.outputs.model}"}
      train:
        - name: fit
          run: python fit.py
          outputs: [model]
      """;

  private PipelineSpec parse(String more) {
    return parser.parse(PIPELINE + more, "churn.yaml");
  }

  @Test
  void aBudgetIsReadAsExactDecimalsAndTheTeamFromItsLabel() {
    PipelineSpec spec = parse("budget: {run: 12.10, monthly: 400}\n");

    assertThat(spec.runBudget()).isEqualByComparingTo("12.10");
    assertThat(spec.budget().monthly()).isEqualByComparingTo("400");
    assertThat(spec.team()).isEqualTo("fraud");
    assertThat(parse("budget: {monthly: 0.1}\n").runBudget()).isNull();
  }

  @Test
  void aPipelineWithoutABudgetKeepsItsVersion() {
    assertThat(parse("").budget()).isNull();
    assertThat(PipelineVersion.canonical(parse(""))).doesNotContain("budget");
    assertThat(PipelineVersion.of(parse("budget: {run: 5}\n"))).isNotEqualTo(PipelineVersion.of(parse("")));
  }

  @Test
  void aBudgetOfNothingOrOfAnUnknownKindIsAnErrorNamingTheField() {
    SpecValidationException e = (SpecValidationException) PipelineParserTest.catchThrowable(
        () -> parser.parse(PIPELINE + "budget: {run: 0, daily: 3}\n", "churn.yaml"));
    List<String> errors = e.errors().stream().map(error -> error.field() + ": " + error.message()).toList();

    assertThat(errors).anySatisfy(error -> assertThat(error).startsWith("budget.run"));
    assertThat(errors).anySatisfy(error -> assertThat(error).contains("daily"));
  }
}
