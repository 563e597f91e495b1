package io.trainyard.serving;

import io.trainyard.model.ModelVersionRef;
import io.trainyard.rollout.TrafficSplit;
import io.trainyard.tabular.ModelBundle;
import io.trainyard.tabular.ServingSpec;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.tribuo.classification.Label;

/**
 * The local serving target: per model, the current traffic split between a stable and a canary
 * version, predictions routed by it, and per-version statistics of the current measurement window.
 * A model without a split (a fresh worker) serves its production version at 100 %.
 */
@Singleton
public class TrafficRouter {

  private final ProductionResolver production;
  private final ModelBundleCache bundles;
  private final ConcurrentMap<String, Route> routes = new ConcurrentHashMap<>();

  public TrafficRouter(ProductionResolver production, ModelBundleCache bundles) {
    this.production = production;
    this.bundles = bundles;
  }

  /**
   * Apply a split to its model's traffic and start a new measurement window for that model. The
   * split the model already has keeps its window: a rollout routes again when its analysis lacks
   * data, which after a worker restart restores the lost split and otherwise changes nothing.
   */
  public void route(TrafficSplit split) {
    Route route = Route.of(split);
    routes.compute(route.stable().model(), (model, current) -> current != null && current.split().equals(split) ? current : route);
  }

  /** The model's current split, when it has one in memory. */
  public Optional<TrafficSplit> split(String model) {
    return Optional.ofNullable(routes.get(model)).map(Route::split);
  }

  /**
   * Predict with the stable or (by the split's percent) the canary version, and record the request
   * in that version's window. {@code label}, when given, is the known answer for online accuracy.
   *
   * @throws UnknownModelException when the model has no split and no production version
   * @throws InvalidFeaturesException when a feature is missing or not a number (counted as an error)
   */
  public Prediction predict(String model, Map<String, ?> features, String label) {
    Route route = route(model);
    ServingRole role = route.pick();
    ModelVersionRef target = role == ServingRole.CANARY ? route.split().canary() : route.stable();
    WindowStats stats = route.stats(target.version());
    try {
      if (features == null) {
        throw new InvalidFeaturesException("features", "expected an object of feature values, found none");
      }
      ModelBundle bundle = bundles.bundle(target);
      // latency measures serving a request, not the one-off load of a version from disk
      long start = System.nanoTime();
      org.tribuo.Prediction<Label> prediction = bundle.predict(features);
      String predicted = prediction.getOutput().getLabel();
      stats.success(System.nanoTime() - start, label, predicted);
      Map<String, Double> scores =
          prediction.getOutputScores().entrySet().stream()
              .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getScore()));
      return new Prediction(model, target.version(), role, predicted, scores);
    } catch (RuntimeException e) {
      stats.error();
      throw e;
    }
  }

  /** The serving-side preprocessing of the model's stable version (feature order, label column). */
  public ServingSpec serving(String model) {
    ModelBundle bundle = bundles.bundle(route(model).stable());
    return bundle.serving();
  }

  /**
   * Statistics of one version in the model's current window: {@code requests}, {@code errors},
   * {@code error_rate}, {@code latency_p95_ms}, {@code latency_mean_ms}, {@code labelled}, and
   * {@code accuracy} when {@code labelled > 0}. A version that served nothing has zero counts.
   */
  public Map<String, Double> stats(String model, int version) {
    Route route = routes.get(model);
    WindowStats stats = route == null ? new WindowStats() : route.stats(version);
    return stats.snapshot();
  }

  private Route route(String model) {
    return routes.computeIfAbsent(
        model,
        name ->
            production
                .production(name)
                .map(version -> Route.of(new TrafficSplit(version, null, 0)))
                .orElseThrow(() -> new UnknownModelException(name)));
  }

  /** A split with the statistics of its window, per version. */
  private record Route(TrafficSplit split, ConcurrentMap<Integer, WindowStats> window) {

    static Route of(TrafficSplit split) {
      if (split == null || split.stable() == null) {
        throw new IllegalArgumentException("split.stable: expected a model version, found none");
      }
      if (split.canaryPercent() < 0 || split.canaryPercent() > 100) {
        throw new IllegalArgumentException(
            "split.canaryPercent: expected 0 to 100, found " + split.canaryPercent());
      }
      if (split.canary() != null && !split.canary().model().equals(split.stable().model())) {
        throw new IllegalArgumentException(
            "split.canary: expected a version of " + split.stable().model() + ", found " + split.canary().label());
      }
      return new Route(split, new ConcurrentHashMap<>());
    }

    ModelVersionRef stable() {
      return split.stable();
    }

    ServingRole pick() {
      boolean canary =
          split.canary() != null && ThreadLocalRandom.current().nextInt(100) < split.canaryPercent();
      return canary ? ServingRole.CANARY : ServingRole.STABLE;
    }

    WindowStats stats(int version) {
      return window.computeIfAbsent(version, v -> new WindowStats());
    }
  }
}
