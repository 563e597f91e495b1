package io.trainyard.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.trainyard.gate.RuleResult;
import io.trainyard.rollout.AnalysisResult;
import io.trainyard.spec.AnalysisSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalysisJudgeTest {
  private static final AnalysisSpec SPEC = new AnalysisSpec(
      20, List.of("canary.error_rate <= 0.02", "canary.accuracy >= stable.accuracy - 0.05"));

  @Test
  void healthyCanaryPasses() {
    AnalysisResult result = AnalysisJudge.judge(
        SPEC,
        Map.of("requests", 40.0, "error_rate", 0.0, "accuracy", 0.95),
        Map.of("requests", 160.0, "error_rate", 0.0, "accuracy", 0.97));

    assertThat(result.passed()).isTrue();
    assertThat(result.results())
        .extracting(RuleResult::passed, RuleResult::detail)
        .containsExactly(
            tuple(true, "canary.error_rate = 0 <= 0.02"),
            tuple(true, "canary.accuracy = 0.95 >= stable.accuracy 0.97 - 0.05"));
    assertThat(result.canary()).containsEntry("requests", 40.0);
    assertThat(result.stable()).containsEntry("accuracy", 0.97);
  }

  @Test
  void skewedCanaryFails() {
    AnalysisResult result = AnalysisJudge.judge(
        SPEC,
        Map.of("requests", 40.0, "error_rate", 0.0, "accuracy", 0.62),
        Map.of("requests", 160.0, "error_rate", 0.0, "accuracy", 0.97));

    assertThat(result.passed()).isFalse();
    assertThat(result.results().get(1))
        .isEqualTo(new RuleResult(SPEC.rules().get(1), false, "canary.accuracy = 0.62 >= stable.accuracy 0.97 - 0.05"));
  }

  @Test
  void tooFewCanaryRequestsIsNotAPassButInsufficientData() {
    AnalysisResult result = AnalysisJudge.judge(
        SPEC, Map.of("requests", 5.0, "error_rate", 0.0, "accuracy", 1.0), Map.of("accuracy", 0.9));

    assertThat(result.passed()).isFalse();
    assertThat(result.insufficient()).isTrue();
    assertThat(result.results()).singleElement().satisfies(r -> {
      assertThat(r.passed()).isFalse();
      assertThat(r.detail()).isEqualTo("canary served 5 requests, fewer than the 20 the analysis needs");
    });
    assertThat(AnalysisJudge.judge(SPEC, Map.of("error_rate", 0.0), Map.of()).insufficient()).isTrue();
    assertThat(AnalysisJudge.judge(SPEC, Map.of("requests", 20.0, "error_rate", 0.5, "accuracy", 1.0), Map.of("accuracy", 0.9)))
        .satisfies(enough -> assertThat(enough.insufficient()).isFalse())
        .satisfies(enough -> assertThat(enough.passed()).isFalse());
  }

  @Test
  void withoutAStableVersionStableRulesPass() {
    AnalysisResult result = AnalysisJudge.judge(
        SPEC, Map.of("requests", 40.0, "error_rate", 0.5, "accuracy", 0.2), Map.of());

    assertThat(result.results())
        .extracting(RuleResult::passed, RuleResult::detail)
        .containsExactly(
            tuple(false, "canary.error_rate = 0.5 <= 0.02"),
            tuple(true, "no stable version to compare with"));
  }

  @Test
  void aMissingStatisticFailsItsRuleAndNamesIt() {
    AnalysisSpec spec = new AnalysisSpec(0, List.of("canary.latency_p95_ms <= 50", "canary.accuracy >= stable.accuracy"));
    AnalysisResult result = AnalysisJudge.judge(
        spec, Map.of("requests", 10.0, "accuracy", 0.9), Map.of("requests", 10.0, "error_rate", 0.0));

    assertThat(result.passed()).isFalse();
    assertThat(result.results())
        .extracting(RuleResult::detail)
        .containsExactly(
            "canary statistic 'latency_p95_ms' was not reported (reported: accuracy, requests)",
            "stable statistic 'accuracy' was not reported (reported: error_rate, requests)");
  }

  @Test
  void analysisRulesReadOnlyCanaryAndStable() {
    assertThatThrownBy(() -> AnalysisJudge.check("error_rate < 0.1")).hasMessageContaining("canary.NAME and stable.NAME");
    assertThatThrownBy(() -> AnalysisJudge.check("baseline.error_rate < 0.1")).hasMessageContaining("'baseline.error_rate'");
    assertThat(AnalysisJudge.check("canary.latency_p95_ms <= stable.latency_p95_ms * 1.2").identifiers())
        .containsExactly("canary.latency_p95_ms", "stable.latency_p95_ms");
  }
}
