package io.trainyard.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.trainyard.artifact.ArtifactRef;
import io.trainyard.gate.GateResult;
import io.trainyard.gate.RuleResult;
import io.trainyard.model.ModelVersionRef;
import io.trainyard.model.ProductionModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateJudgeTest {
  private static final ProductionModel PRODUCTION = new ProductionModel(
      new ModelVersionRef("clf", 3, new ArtifactRef("file:///m", "ab12")), Map.of("auc", 0.96, "accuracy", 0.95));

  @Test
  void rulesAgainstProductionUseProductionsValueOfTheLeftMetric() {
    GateResult result = GateJudge.judge(
        List.of("accuracy >= 0.90", "auc >= production - 0.01"), Map.of("accuracy", 0.93, "auc", 0.97), PRODUCTION);

    assertThat(result.passed()).isTrue();
    assertThat(result.results())
        .extracting(RuleResult::rule, RuleResult::passed, RuleResult::detail)
        .containsExactly(
            tuple("accuracy >= 0.90", true, "accuracy = 0.93 >= 0.9"),
            tuple("auc >= production - 0.01", true, "auc = 0.97 >= production 0.96 - 0.01"));
  }

  @Test
  void aCandidateWorseThanProductionFails() {
    GateResult result = GateJudge.judge(
        List.of("accuracy >= production", "auc >= 0.5"), Map.of("accuracy", 0.93, "auc", 0.97), PRODUCTION);

    assertThat(result.passed()).isFalse();
    assertThat(result.results().get(0)).isEqualTo(
        new RuleResult("accuracy >= production", false, "accuracy = 0.93 >= production 0.95"));
    assertThat(result.results().get(1).passed()).isTrue();
  }

  @Test
  void withoutAProductionVersionProductionRulesPass() {
    GateResult result = GateJudge.judge(
        List.of("auc >= production - 0.01", "accuracy >= 0.99"), Map.of("accuracy", 0.93, "auc", 0.5), ProductionModel.NONE);

    assertThat(result.results())
        .extracting(RuleResult::passed, RuleResult::detail)
        .containsExactly(
            tuple(true, "no production version to compare with"),
            tuple(false, "accuracy = 0.93 >= 0.99"));
    assertThat(result.passed()).isFalse();
    assertThat(GateJudge.judge(List.of("auc >= production"), Map.of("auc", 0.1), null).passed()).isTrue();
  }

  @Test
  void aMissingMetricFailsItsRuleAndNamesWhatWasReported() {
    GateResult result = GateJudge.judge(List.of("f1 >= 0.8"), Map.of("auc", 0.9, "accuracy", 0.9), PRODUCTION);

    assertThat(result.passed()).isFalse();
    assertThat(result.results()).singleElement().isEqualTo(
        new RuleResult("f1 >= 0.8", false, "metric 'f1' was not reported (reported: accuracy, auc)"));
  }

  @Test
  void integerLiteralsCompareWithDoubleMetrics() {
    assertThat(GateJudge.judge(List.of("accuracy >= 1"), Map.of("accuracy", 1.0), PRODUCTION).passed()).isTrue();
    assertThat(GateJudge.judge(List.of("accuracy >= 1"), Map.of("accuracy", 0.999), PRODUCTION).passed()).isFalse();
  }

  @Test
  void anUnparsableRuleFailsWithTheReason() {
    GateResult result = GateJudge.judge(List.of("accuracy >>= 1"), Map.of("accuracy", 1.0), PRODUCTION);

    assertThat(result.passed()).isFalse();
    assertThat(result.results().get(0).detail()).startsWith("'accuracy >>= 1' does not parse");
  }

  @Test
  void productionBelongsOnTheRightOfOneMetric() {
    assertThatThrownBy(() -> GateJudge.check("production <= auc")).hasMessageContaining("left side");
    assertThatThrownBy(() -> GateJudge.check("auc + accuracy >= production")).hasMessageContaining("exactly one metric");
    assertThat(GateJudge.check("auc >= production * 0.98").identifiers()).containsExactly("auc", "production");
  }

  @Test
  void noRulesPass() {
    assertThat(GateJudge.judge(List.of(), Map.of(), PRODUCTION)).isEqualTo(new GateResult(true, List.of()));
  }
}
