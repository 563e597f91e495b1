package io.trainyard.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterValuesTest {
  private final PipelineSpec spec = PipelineParserTest.parser().parse("""
      apiVersion: trainyard.io/v1
      kind: Pipeline
      metadata: {name: p}
      model: {name: m, artifact: "${steps.fit.outputs.model}"}
      parameters:
        learning_rate: {type: number, default: 0.5}
        epochs: {type: integer, default: 20}
        shuffle: {type: boolean, default: true}
        scaling: {type: string, default: standard}
        data: {type: string}
      train: [{name: fit, run: "python fit.py", outputs: [model]}]
      """, "p.yaml");

  @Test
  void defaultsAreFilledAndOverridesReadAsTheDeclaredType() {
    Map<String, Object> values = ParameterValues.resolve(
        spec, Map.of("data", "s3://bucket/x.csv", "epochs", "35", "learning_rate", "1", "shuffle", "FALSE"));

    assertThat(values).containsExactly(
        Map.entry("learning_rate", 1.0),
        Map.entry("epochs", 35L),
        Map.entry("shuffle", false),
        Map.entry("scaling", "standard"),
        Map.entry("data", "s3://bucket/x.csv"));
  }

  @Test
  void defaultsAreNormalisedToLongAndDouble() {
    Map<String, Object> values = ParameterValues.resolve(spec, Map.of("data", "d.csv"));

    assertThat(values.get("epochs")).isEqualTo(20L);
    assertThat(values.get("learning_rate")).isEqualTo(0.5);
    assertThat(values.get("shuffle")).isEqualTo(true);
  }

  @Test
  void everyUnknownMissingOrMistypedParameterIsReportedAtOnce() {
    SpecValidationException thrown = catchThrowableOfType(SpecValidationException.class,
        () -> ParameterValues.resolve(spec, Map.of(
            "epochs", "many", "learning_rate", "NaN", "shuffle", "yes", "seeed", "1")));

    assertThat(thrown.errors())
        .extracting(SpecError::field, SpecError::message)
        .containsExactlyInAnyOrder(
            tuple("parameters.epochs", "expected an integer, got 'many'"),
            tuple("parameters.learning_rate", "expected a number, got 'NaN'"),
            tuple("parameters.shuffle", "expected true or false, got 'yes'"),
            tuple("parameters.data", "has no default: give it a value with --param data=VALUE"),
            tuple("parameters.seeed", "no such parameter (declared: learning_rate, epochs, shuffle, scaling, data)"));
    assertThat(thrown.errors()).allSatisfy(e -> assertThat(e.line()).isNull());
    assertThat(thrown.getMessage()).contains("parameters.epochs: expected an integer, got 'many'");
  }

  @Test
  void theRunsValuesAreReportedWithTheDocumentsMistakesInOneGo() {
    SpecValidationException thrown = catchThrowableOfType(SpecValidationException.class,
        () -> PipelineParserTest.parser().parse("""
            apiVersion: trainyard.io/v1
            kind: Pipeline
            metadata: {name: p}
            model: {name: m, artifact: "${steps.fit.outputs.model}"}
            parameters:
              epochs: {type: integer, default: twenty}
              data: {type: string}
            train: [{name: fit, run: "python fit.py", outputs: [model], retires: 3}]
            """, "p.yaml", Map.of("epochs", "lots", "seeed", "1")));

    assertThat(thrown.errors())
        .extracting(SpecError::field, SpecError::line)
        .containsExactly(
            tuple("parameters.epochs.default", 6),
            tuple("train[0].retires", 8),
            tuple("parameters.epochs", null),
            tuple("parameters.data", null),
            tuple("parameters.seeed", null));
  }
}
