package io.trainyard.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The rollout's policies for concurrent runs of a model and for an analysis that lacks data. */
class RolloutPolicySpecTest {
  private final PipelineParser parser = PipelineParserTest.parser();

  private PipelineSpec parse(String rolloutExtra, String analysisExtra) throws Exception {
    String yaml = PipelineParserTest.resource("breast-cancer.yaml")
        .replace("  rollback: {automatic: true}", "  rollback: {automatic: true}\n" + rolloutExtra)
        .replace("    minRequests: 20", "    minRequests: 20\n" + analysisExtra);
    return parser.parse(yaml, "breast-cancer.yaml");
  }

  @Test
  void defaultsQueueRunsAndRollBackAfterThreeBakesWithoutData() throws Exception {
    PipelineSpec spec = parse("", "");

    assertThat(spec.rollout().concurrency()).isEqualTo(RolloutConcurrency.QUEUE);
    assertThat(spec.rollout().analysis().onMaxBake()).isEqualTo(MaxBakeAction.ROLLBACK);
    assertThat(spec.rollout().analysis().maxBakeFor(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void declaredPoliciesParse() throws Exception {
    PipelineSpec spec = parse("  concurrency: supersede", "    maxBake: 1m\n    onMaxBake: proceed");

    assertThat(spec.rollout().concurrency()).isEqualTo(RolloutConcurrency.SUPERSEDE);
    assertThat(spec.rollout().analysis().maxBakeFor(Duration.ofSeconds(2))).isEqualTo(Duration.ofMinutes(1));
    assertThat(spec.rollout().analysis().maxBakeFor(Duration.ofMinutes(5))).as("never less than the bake").isEqualTo(Duration.ofMinutes(5));
    assertThat(spec.rollout().analysis().onMaxBake()).isEqualTo(MaxBakeAction.PROCEED);
  }

  @Test
  void unknownPoliciesAndBadDurationsAreErrorsNamingTheField() {
    assertThatThrownBy(() -> parse("  concurrency: parallel", "    maxBake: soon\n    onMaxBake: promote"))
        .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors())
            .extracting(SpecError::field)
            .contains("rollout.concurrency", "rollout.analysis.maxBake", "rollout.analysis.onMaxBake"));
  }
}
