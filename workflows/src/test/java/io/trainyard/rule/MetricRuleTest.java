package io.trainyard.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MetricRuleTest {

  @Test
  void identifiersIncludeDottedNamesWhole() {
    assertThat(MetricRule.parse("auc >= production - 0.01").identifiers()).containsExactly("auc", "production");
    assertThat(MetricRule.parse("canary.accuracy >= stable.accuracy - 0.05").identifiers())
        .containsExactly("canary.accuracy", "stable.accuracy");
    assertThat(MetricRule.parse("canary.accuracy >= stable.accuracy - 0.05").leftIdentifiers())
        .containsExactly("canary.accuracy");
  }

  @Test
  void integerLiteralsCompareAndComputeWithDoubles() {
    assertThat(MetricRule.parse("accuracy >= 1").test(Map.of("accuracy", 1.0))).isTrue();
    assertThat(MetricRule.parse("accuracy >= 1").test(Map.of("accuracy", 0.99))).isFalse();
    assertThat(MetricRule.parse("loss < production * 2 - 1").test(Map.of("loss", 2.5, "production", 2.0))).isTrue();
    assertThat(MetricRule.parse("latency != 0").test(Map.of("latency", 0.0))).isFalse();
  }

  @Test
  void syntaxErrorsSayWhereAndWhat() {
    assertThatThrownBy(() -> MetricRule.parse("accuracy >= "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'accuracy >= ' does not parse (at column 13:");
  }

  @Test
  void onlyComparisonsOfNumbersAreRules() {
    assertThatThrownBy(() -> MetricRule.parse("accuracy + 1"))
        .hasMessage("'accuracy + 1' is not a comparison: a rule compares two numbers with <, <=, >, >=, == or !=");
    assertThatThrownBy(() -> MetricRule.parse("accuracy >= 0.9 && auc >= 0.8"))
        .hasMessageContaining("is not a comparison");
    assertThatThrownBy(() -> MetricRule.parse("accuracy == 'high'"))
        .hasMessageStartingWith("'accuracy == 'high'' does not compare numbers");
    assertThatThrownBy(() -> MetricRule.parse("accuracy >= [1, 2]"))
        .hasMessageContaining("uses a list");
    assertThatThrownBy(() -> MetricRule.parse(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void describeShowsTheValuesSeen() {
    MetricRule rule = MetricRule.parse("auc >= production - 0.01");

    assertThat(rule.describe(Map.of("auc", 0.97, "production", 0.96))).isEqualTo("auc = 0.97 >= production 0.96 - 0.01");
    assertThat(MetricRule.parse("accuracy >= 0.90").describe(Map.of("accuracy", 0.9123456)))
        .isEqualTo("accuracy = 0.912346 >= 0.9");
  }

  @Test
  void compiledRulesAreSharedAcrossThreads() {
    long distinct = IntStream.range(0, 200).parallel()
        .mapToObj(i -> MetricRule.parse("throughput > " + (i % 4)))
        .distinct()
        .count();

    assertThat(distinct).isEqualTo(4);
    assertThat(MetricRule.parse("throughput > 1")).isSameAs(MetricRule.parse("throughput > 1"));
  }

  @Test
  void missingValueIsAnError() {
    assertThatThrownBy(() -> MetricRule.parse("auc > 0.5").test(Map.of()))
        .hasMessage("no value for 'auc' in rule 'auc > 0.5'");
  }
}
