package io.trainyard.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.artifact.ArtifactRef;
import io.trainyard.model.ModelVersionRef;
import io.trainyard.rollout.TrafficSplit;
import io.trainyard.tabular.BreastCancerRun;
import io.trainyard.tabular.TabularData;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficRouterTest {

  static final String MODEL = "breast-cancer-classifier";

  @TempDir static Path dir;
  static ModelVersionRef good;
  static ModelVersionRef skewed;
  static TabularData holdout;

  final Map<String, ModelVersionRef> production = new HashMap<>();
  final TrafficRouter router =
      new TrafficRouter(model -> Optional.ofNullable(production.get(model)), new ModelBundleCache());

  @BeforeAll
  static void train() throws Exception {
    BreastCancerRun run = new BreastCancerRun(dir);
    Path split = run.split();
    good = version(1, run.train(split, "standard"));
    skewed = version(2, run.train(split, "none"));
    holdout = TabularData.read(split.resolve("holdout"), "diagnosis");
  }

  static ModelVersionRef version(int number, Path trainOutput) {
    return new ModelVersionRef(MODEL, number, ArtifactRef.external(trainOutput.resolve("model").toUri().toString()));
  }

  @Test
  void splitSendsRoughlyTheCanaryPercent() {
    router.route(new TrafficSplit(good, skewed, 20));
    int canary = 0;
    for (int i = 0; i < 1000; i++) {
      Prediction prediction = router.predict(MODEL, features(i % holdout.size()), null);
      if (prediction.role() == ServingRole.CANARY) {
        canary++;
        assertThat(prediction.version()).isEqualTo(2);
      } else {
        assertThat(prediction.version()).isEqualTo(1);
      }
    }
    assertThat(canary).isBetween(100, 300);
    assertThat(router.stats(MODEL, 2)).containsEntry("requests", (double) canary);
    assertThat(router.stats(MODEL, 1)).containsEntry("requests", (double) (1000 - canary));
  }

  @Test
  void eachSplitStartsANewWindow() {
    router.route(new TrafficSplit(good, null, 0));
    for (int i = 0; i < 10; i++) {
      router.predict(MODEL, features(i), holdout.labels().get(i));
    }
    Map<String, Double> stats = router.stats(MODEL, 1);
    assertThat(stats)
        .containsEntry("requests", 10.0)
        .containsEntry("errors", 0.0)
        .containsEntry("error_rate", 0.0)
        .containsEntry("labelled", 10.0)
        .containsKeys("accuracy", "latency_p95_ms", "latency_mean_ms");
    assertThat(stats.get("latency_p95_ms")).isPositive();
    assertThat(stats.get("latency_mean_ms")).isPositive();

    router.route(new TrafficSplit(good, skewed, 50));
    assertThat(router.stats(MODEL, 1))
        .containsEntry("requests", 0.0)
        .containsEntry("labelled", 0.0)
        .doesNotContainKey("accuracy");
  }

  @Test
  void theSplitInPlaceKeepsItsWindowWhenRoutedAgain() {
    TrafficSplit canary = new TrafficSplit(good, skewed, 50);
    router.route(canary);
    for (int i = 0; i < 10; i++) {
      router.predict(MODEL, features(i), holdout.labels().get(i));
    }

    router.route(new TrafficSplit(good, skewed, 50));
    assertThat(router.stats(MODEL, 1).get("requests") + router.stats(MODEL, 2).get("requests")).isEqualTo(10.0);

    router.route(new TrafficSplit(good, skewed, 20));
    assertThat(router.stats(MODEL, 1).get("requests") + router.stats(MODEL, 2).get("requests")).isZero();
  }

  @Test
  void skewedBundleIsClearlyWorseOnline() {
    double goodAccuracy = onlineAccuracy(new TrafficSplit(good, null, 0), 1);
    double skewedAccuracy = onlineAccuracy(new TrafficSplit(good, skewed, 100), 2);
    assertThat(goodAccuracy).isGreaterThan(0.9);
    assertThat(skewedAccuracy).isLessThan(goodAccuracy - 0.15);
  }

  @Test
  void missingFeatureIsACountedError() {
    router.route(new TrafficSplit(good, null, 0));
    Map<String, Object> features = new LinkedHashMap<>(features(0));
    features.remove("texture_mean");
    assertThatThrownBy(() -> router.predict(MODEL, features, "benign"))
        .isInstanceOf(InvalidFeaturesException.class)
        .hasMessage("features.texture_mean: missing: the model reads this feature");
    router.predict(MODEL, features(0), null);
    assertThat(router.stats(MODEL, 1))
        .containsEntry("requests", 2.0)
        .containsEntry("errors", 1.0)
        .containsEntry("error_rate", 0.5)
        .containsEntry("labelled", 0.0);
  }

  @Test
  void withoutASplitTheProductionVersionServesEverything() {
    assertThatThrownBy(() -> router.predict(MODEL, features(0), null))
        .isInstanceOf(UnknownModelException.class)
        .hasMessageContaining(MODEL);
    production.put(MODEL, good);
    Prediction prediction = router.predict(MODEL, features(0), null);
    assertThat(prediction.version()).isEqualTo(1);
    assertThat(prediction.role()).isEqualTo(ServingRole.STABLE);
    assertThat(prediction.scores()).containsOnlyKeys("benign", "malignant");
    assertThat(router.split(MODEL)).contains(new TrafficSplit(good, null, 0));
  }

  @Test
  void badSplitsAreRejected() {
    assertThatThrownBy(() -> router.route(new TrafficSplit(good, skewed, 120)))
        .hasMessageContaining("canaryPercent");
    ModelVersionRef other = new ModelVersionRef("other", 3, good.artifact());
    assertThatThrownBy(() -> router.route(new TrafficSplit(good, other, 10)))
        .hasMessageContaining("split.canary");
  }

  private double onlineAccuracy(TrafficSplit split, int version) {
    router.route(split);
    for (int i = 0; i < holdout.size(); i++) {
      router.predict(MODEL, features(i), holdout.labels().get(i));
    }
    Map<String, Double> stats = router.stats(MODEL, version);
    assertThat(stats).containsEntry("labelled", (double) holdout.size());
    return stats.get("accuracy");
  }

  private static Map<String, Object> features(int row) {
    Map<String, Object> features = new LinkedHashMap<>();
    for (int f = 0; f < holdout.features().size(); f++) {
      features.put(holdout.features().get(f), holdout.rows().get(row)[f]);
    }
    return features;
  }
}
