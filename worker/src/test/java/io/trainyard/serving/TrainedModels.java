package io.trainyard.serving;

import io.trainyard.artifact.ArtifactRef;
import io.trainyard.model.ModelVersionRef;
import io.trainyard.step.BuiltinStep;
import io.trainyard.step.StepContext;
import io.trainyard.tabular.TabularData;
import io.trainyard.tabular.TabularSplitStep;
import io.trainyard.tabular.TribuoTrainStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The breast-cancer example trained once per test JVM, under {@code target/}: a good model
 * (version 1), a skewed one (version 2, no serving-side scaling) and the holdout.
 */
final class TrainedModels {

  static final String MODEL = "breast-cancer-classifier";
  private static final Path DATA = Path.of("../examples/breast-cancer/data/breast-cancer-wisconsin.csv");
  /** Every step's {@code TRAINYARD_SEED}. */
  private static final long SEED = 42;
  private static TrainedModels trained;

  final ModelVersionRef good;
  final ModelVersionRef skewed;
  final Path holdoutFile;
  final TabularData holdout;

  private TrainedModels(Path dir) throws Exception {
    Path split =
        run(dir, new TabularSplitStep(), "split", Map.of(), Map.of("label", "diagnosis", "holdout_fraction", "0.3", "seed", "42"), Map.of("data", DATA));
    Map<String, Path> trainInputs = Map.of("train", split.resolve("train"), "scaler", split.resolve("scaler"));
    good = version(1, run(dir, new TribuoTrainStep(), "train-good", Map.of("serving_scaling", "standard"), Map.of(), trainInputs));
    skewed = version(2, run(dir, new TribuoTrainStep(), "train-skewed", Map.of("serving_scaling", "none"), Map.of(), trainInputs));
    holdoutFile = split.resolve("holdout");
    holdout = TabularData.read(holdoutFile, "diagnosis");
  }

  static synchronized TrainedModels get() {
    if (trained == null) {
      try {
        trained = new TrainedModels(Files.createTempDirectory(Files.createDirectories(Path.of("target")), "trained-models"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (Exception e) {
        throw new IllegalStateException("training the example failed", e);
      }
    }
    return trained;
  }

  private static Path run(Path dir, BuiltinStep builtin, String step, Map<String, Object> params, Map<String, String> with, Map<String, Path> inputs)
      throws Exception {
    Path out = Files.createDirectories(dir.resolve(step));
    builtin.run(new StepContext("run-test", step, 1, SEED, params, with, inputs, out, dir.resolve(step + "-checkpoints"), details -> {}));
    return out;
  }

  private static ModelVersionRef version(int number, Path trainOutput) {
    return new ModelVersionRef(MODEL, number, ArtifactRef.external(trainOutput.resolve("model").toUri().toString()));
  }
}
