package io.trainyard.tabular;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.step.BuiltinStep;
import io.trainyard.step.StepContext;
import io.trainyard.step.StepSeed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the breast-cancer example's builtin steps on the real data under a scratch directory. */
public final class BreastCancerRun {

  /** The example's data, relative to the module directory where tests run. */
  public static final Path DATA = Path.of("../examples/breast-cancer/data/breast-cancer-wisconsin.csv");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  public final List<Object> heartbeats = new ArrayList<>();

  public BreastCancerRun(Path dir) {
    this.dir = dir;
  }

  /** Run one builtin as step {@code step}, seeded as the launcher seeds it; returns its output directory. */
  public Path run(BuiltinStep builtin, String step, Map<String, Object> params, Map<String, String> with, Map<String, Path> inputs)
      throws Exception {
    Path out = Files.createDirectories(dir.resolve(step).resolve("out"));
    Path checkpoints = Files.createDirectories(dir.resolve(step).resolve("checkpoints"));
    builtin.run(new StepContext(
        "run-1", step, 1, StepSeed.of(params, step), params, with, inputs, out, checkpoints, heartbeats::add));
    return out;
  }

  /** Split the data 70/30 in a run with seed 42. */
  public Path split() throws Exception {
    return run(
        new TabularSplitStep(),
        "split",
        Map.of("seed", 42),
        Map.of("label", "diagnosis", "holdout_fraction", "0.3"),
        Map.of("data", DATA));
  }

  /** Train on a split's output with the example's parameters and this serving scaling. */
  public Path train(Path split, String servingScaling) throws Exception {
    return run(
        new TribuoTrainStep(),
        "train-" + servingScaling,
        Map.of("learning_rate", 0.5, "epochs", 20, "seed", 42, "serving_scaling", servingScaling),
        Map.of(),
        Map.of("train", split.resolve("train"), "scaler", split.resolve("scaler")));
  }

  /** Evaluate a trained model on a split's holdout. */
  public Path evaluate(Path split, Path train, String step) throws Exception {
    return run(
        new TribuoEvaluateStep(),
        step,
        Map.of(),
        Map.of("positive", "malignant"),
        Map.of("model", train.resolve("model"), "holdout", split.resolve("holdout"), "scaler", split.resolve("scaler")));
  }

  /** The metrics a step wrote. */
  public static Map<String, Double> metrics(Path out) throws IOException {
    return JSON.readValue(out.resolve(StepContext.METRICS_FILE).toFile(), new TypeReference<>() {});
  }
}
