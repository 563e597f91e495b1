package io.trainyard.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pipeline's {@code triggers:} and its {@code ${dataset.NAME}} inputs. */
class TriggerSpecTest {
  private final PipelineParser parser = PipelineParserTest.parser();

  private static final String PIPELINE = """
      apiVersion: trainyard.io/v1
      kind: Pipeline
      metadata: {name: churn}
      model: {name: churn, artifact: "${steps.fit.outputs.model}"}
      train:
        - name: fit
          run: python fit.py
          inputs: {data: "${dataset.churn-events}"}
          outputs: [model]
      """;

  private PipelineSpec parse(String more) {
    return parser.parse(PIPELINE + more, "churn.yaml");
  }

  private List<String> mistakes(String document) {
    SpecValidationException e = (SpecValidationException) PipelineParserTest.catchThrowable(() -> parser.parse(document, "churn.yaml"));
    return e.errors().stream().map(error -> error.field() + ": " + error.message()).toList();
  }

  @Test
  void aSubscriptionParsesWithItsDefaultDebounceAndADatasetIsAnInput() {
    PipelineSpec spec = parse("triggers: [{dataset: churn-events}, {dataset: churn-labels, debounce: 1h}]\n");

    assertThat(spec.triggers()).extracting(TriggerSpec::dataset).containsExactly("churn-events", "churn-labels");
    assertThat(spec.trigger("churn-events").orElseThrow().debounceDuration()).isEqualTo(Duration.ofMinutes(10));
    assertThat(spec.trigger("churn-labels").orElseThrow().debounceDuration()).isEqualTo(Duration.ofHours(1));
    assertThat(Reference.whole(spec.step("fit").orElseThrow().inputs().get("data")).orElseThrow())
        .extracting(Reference::kind, Reference::name).containsExactly(Reference.Kind.DATASET, "churn-events");
  }

  @Test
  void aPipelineWithoutTriggersKeepsItsVersion() {
    PipelineSpec without = parse("");
    PipelineSpec empty = parse("triggers: []\n");

    assertThat(PipelineVersion.of(empty)).isEqualTo(PipelineVersion.of(without));
  }

  @Test
  void everyMistakeOfTheSubscriptionsIsNamed() {
    List<String> errors = mistakes(PIPELINE.replace("python fit.py", "python fit.py --data ${dataset.churn-events}")
        + "triggers: [{dataset: Churn_Events}, {dataset: churn-labels, debounce: soon}, {dataset: churn-labels}]\n");

    assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("triggers[0].dataset"));
    assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("triggers[1].debounce"));
    assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("triggers[2].dataset: dataset 'churn-labels' is subscribed to twice"));
  }

  @Test
  void aDatasetIsAWholeInputNowhereElse() {
    List<String> errors = mistakes(PIPELINE.replace("inputs: {data: \"${dataset.churn-events}\"}",
        "inputs: {data: \"s3://bucket/${dataset.churn-events}\"}\n    with: {data: \"${dataset.churn-events}\"}"));

    assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("train[0].inputs.data").contains("whole step input"));
    assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("train[0].with.data").contains("whole step input"));
  }
}
