package io.trainyard.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.artifact.ArtifactRef;
import io.trainyard.gate.RuleResult;
import io.trainyard.model.ModelVersionRef;
import io.trainyard.spec.AnalysisSpec;
import io.trainyard.spec.CanaryStep;
import io.trainyard.spec.LabelledTraffic;
import io.trainyard.spec.RollbackPolicy;
import io.trainyard.spec.RolloutSpec;
import io.trainyard.spec.RolloutStrategy;
import io.trainyard.spec.RolloutTarget;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The canary's Web UI story, by value. */
class RolloutStoryTest {
  private static final RolloutInput INPUT = new RolloutInput(
      "1a2b3c4d5e6f",
      new RolloutSpec(
          RolloutTarget.LOCAL,
          RolloutStrategy.CANARY,
          List.of(new CanaryStep(20, "5m"), new CanaryStep(50, "5m")),
          new LabelledTraffic("${steps.split.outputs.holdout}", 10),
          new AnalysisSpec(5, List.of("canary.error_rate <= stable.error_rate", "canary.accuracy >= stable.accuracy - 0.05")),
          new RollbackPolicy(true)),
      new ModelVersionRef("clf", 2, null),
      new ModelVersionRef("clf", 1, null),
      new ArtifactRef("file:///store/split/holdout", "bb"));

  private static final AnalysisResult PASSED = new AnalysisResult(
      true,
      Map.of("requests", 10.0, "accuracy", 0.9),
      Map.of("requests", 40.0, "accuracy", 0.88),
      List.of(new RuleResult("canary.accuracy >= stable.accuracy - 0.05", true, "0.9 >= 0.83")));

  @Test
  void summaryAndPlanSayWhatGoesLiveAgainstWhatAndHow() {
    assertThat(RolloutStory.summary(INPUT)).isEqualTo("canary clf:2 against clf:1 · run 1a2b3c4d5e6f");
    assertThat(RolloutStory.plan(INPUT)).isEqualTo("""
        Canary of `clf:2` against `clf:1` (stable) for run `1a2b3c4d5e6f`, on the local serving target.

        | step | traffic | bake |
        | --- | --- | --- |
        | 1 | 20% | 5m |
        | 2 | 50% | 5m |

        - after each bake: `canary.error_rate <= stable.error_rate`, `canary.accuracy >= stable.accuracy - 0.05`
        - with fewer than 5 canary requests: bake on up to three bakes, then roll back
        - each bake replays 10 labelled requests from `file:///store/split/holdout`
        - a failed analysis rolls back at once
        """);
  }

  @Test
  void currentDetailsShowTrafficBakeAndEveryAnalysis() {
    long until = Instant.parse("2026-12-02T21:23:46Z").toEpochMilli();
    RolloutStatus baking = new RolloutStatus(RolloutPhase.BAKING, 50, 2, 2, List.of(PASSED), null, null);

    assertThat(RolloutStory.current(baking, until)).isEqualTo("""
        **BAKING** · canary at **50%** · step 2 of 2 · baking until 2026-12-02T21:23:46Z

        **Analyses**

        | # | verdict | canary | stable | rules |
        | --- | --- | --- | --- | --- |
        | 1 | passed | accuracy 0.9, requests 10 | accuracy 0.88, requests 40 | held: canary.accuracy \\>= stable.accuracy - 0.05 (0.9 \\>= 0.83) |
        """);
  }

  @Test
  void currentDetailsEndWithTheOutcomeAndTooLittleDataIsNotAFailure() {
    AnalysisResult tooFew = new AnalysisResult(false, Map.of("requests", 0.0), Map.of(), List.of(), true);
    RolloutStatus done = new RolloutStatus(
        RolloutPhase.DONE, 0, 1, 2, List.of(tooFew), RolloutOutcome.ROLLED_BACK, "too little canary data at 20%");

    assertThat(RolloutStory.current(done, 0))
        .startsWith("**ROLLED_BACK**: too little canary data at 20%\n\n")
        .contains("| 1 | too little data | requests 0 |  |  |");
    assertThat(RolloutStory.outcome(done)).isEqualTo("**ROLLED_BACK**: too little canary data at 20%");
  }
}
