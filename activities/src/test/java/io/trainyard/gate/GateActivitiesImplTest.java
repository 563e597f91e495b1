package io.trainyard.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.trainyard.model.ProductionModel;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@MicronautTest(startApplication = false)
class GateActivitiesImplTest {
  @Inject GateActivities gate;

  @Test
  void theBeanJudgesTheRules() {
    GateResult result = gate.evaluate(new GateEvaluation(
        List.of("accuracy >= 0.9", "auc >= production - 0.01"), Map.of("accuracy", 0.8, "auc", 0.9), ProductionModel.NONE));

    assertThat(result.passed()).isFalse();
    assertThat(result.results()).extracting(RuleResult::detail)
        .containsExactly("accuracy = 0.8 >= 0.9", "no production version to compare with");
  }
}
