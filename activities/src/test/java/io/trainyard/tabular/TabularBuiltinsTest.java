package io.trainyard.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TabularBuiltinsTest {

  @TempDir Path dir;

  @Test
  void splitIsStratifiedSeededAndScalesOnTrainOnly() throws Exception {
    BreastCancerRun run = new BreastCancerRun(dir);
    Path split = run.split();

    TabularData all = TabularData.read(BreastCancerRun.DATA, "diagnosis");
    TabularData train = TabularData.read(split.resolve("train"), "diagnosis");
    TabularData holdout = TabularData.read(split.resolve("holdout"), "diagnosis");
    assertThat(train.size() + holdout.size()).isEqualTo(569);
    assertThat(holdout.size()).isBetween(168, 174);
    assertThat(BreastCancerRun.metrics(split))
        .containsEntry("rows_train", (double) train.size())
        .containsEntry("rows_holdout", (double) holdout.size());
    // stratified: both parts keep the data's share of malignant rows (212 of 569)
    double share = 212.0 / 569;
    assertThat(malignantShare(train)).isCloseTo(share, within(0.01));
    assertThat(malignantShare(holdout)).isCloseTo(share, within(0.01));
    assertThat(train.features()).isEqualTo(all.features());

    Scaler scaler = Scaler.read(split.resolve("scaler"));
    assertThat(scaler.label()).isEqualTo("diagnosis");
    assertThat(scaler.featureNames()).isEqualTo(all.features());
    double trainMean = train.rows().stream().mapToDouble(r -> r[0]).average().orElseThrow();
    assertThat(scaler.features().get(0).mean()).isCloseTo(trainMean, within(1e-9));
    double allMean = all.rows().stream().mapToDouble(r -> r[0]).average().orElseThrow();
    assertThat(scaler.features().get(0).mean()).isNotCloseTo(allMean, within(1e-9));

    Path again = new BreastCancerRun(dir.resolve("again")).split();
    assertThat(again.resolve("holdout")).hasSameTextualContentAs(split.resolve("holdout"));
  }

  @Test
  void trainedModelEvaluatesWellOnTheHoldout() throws Exception {
    BreastCancerRun run = new BreastCancerRun(dir);
    Path split = run.split();
    Path train = run.train(split, "standard");

    ModelBundle bundle = ModelBundle.load(train.resolve("model"));
    assertThat(bundle.serving().scaling()).isEqualTo(Scaling.STANDARD);
    assertThat(bundle.serving().label()).isEqualTo("diagnosis");
    assertThat(bundle.serving().features()).hasSize(30).startsWith("radius_mean");
    assertThat(bundle.serving().scaler()).isEqualTo(Scaler.read(split.resolve("scaler")));
    assertThat(run.heartbeats).isNotEmpty();

    Map<String, Double> metrics = BreastCancerRun.metrics(run.evaluate(split, train, "evaluate"));
    assertThat(metrics.get("accuracy")).isGreaterThan(0.9);
    assertThat(metrics.get("auc")).isGreaterThan(0.9);
    assertThat(metrics.get("f1")).isGreaterThan(0.85);
    assertThat(metrics).containsEntry("holdout_rows", (double) TabularData.read(split.resolve("holdout"), "diagnosis").size());
  }

  @Test
  void skewedModelStillPassesOfflineEvaluation() throws Exception {
    BreastCancerRun run = new BreastCancerRun(dir);
    Path split = run.split();
    Path train = run.train(split, "none");

    ModelBundle bundle = ModelBundle.load(train.resolve("model"));
    assertThat(bundle.serving().scaling()).isEqualTo(Scaling.NONE);
    assertThat(bundle.serving().scaler()).isNull();

    Map<String, Double> metrics = BreastCancerRun.metrics(run.evaluate(split, train, "evaluate"));
    assertThat(metrics.get("accuracy")).isGreaterThan(0.9);
    assertThat(metrics.get("auc")).isGreaterThan(0.9);
  }

  @Test
  void badSettingsAreNamed() throws Exception {
    BreastCancerRun run = new BreastCancerRun(dir);
    assertThatThrownBy(
            () -> run.run(new TabularSplitStep(), "split", Map.of(), Map.of("label", "outcome"), Map.of("data", BreastCancerRun.DATA)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no label column 'outcome'");
    assertThatThrownBy(
            () ->
                run.run(
                    new TabularSplitStep(),
                    "split",
                    Map.of(),
                    Map.of("label", "diagnosis", "holdout_fraction", "1.5"),
                    Map.of("data", BreastCancerRun.DATA)))
        .hasMessageContaining("with.holdout_fraction");
    Path split = run.split();
    assertThatThrownBy(
            () ->
                run.run(
                    new TribuoTrainStep(),
                    "train",
                    Map.of("serving_scaling", "minmax"),
                    Map.of(),
                    Map.of("train", split.resolve("train"), "scaler", split.resolve("scaler"))))
        .hasMessageContaining("params.serving_scaling");
  }

  private static double malignantShare(TabularData data) {
    return data.labels().stream().filter("malignant"::equals).count() / (double) data.size();
  }
}
