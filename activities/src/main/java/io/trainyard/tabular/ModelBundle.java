package io.trainyard.tabular;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.serving.InvalidFeaturesException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * A trained model as a directory: the Tribuo model ({@value #MODEL_FILE}, Tribuo's protobuf
 * format) and the serving-side preprocessing ({@value #SERVING_FILE}).
 */
public record ModelBundle(Model<Label> model, ServingSpec serving) {

  public static final String MODEL_FILE = "model.tribuo";
  public static final String SERVING_FILE = "serving.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Write the bundle into {@code dir}, creating it. */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    model.serializeToFile(dir.resolve(MODEL_FILE));
    JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(SERVING_FILE).toFile(), serving);
  }

  /** Read a bundle written by {@link #save}. */
  public static ModelBundle load(Path dir) throws IOException {
    for (String file : List.of(MODEL_FILE, SERVING_FILE)) {
      if (!Files.isRegularFile(dir.resolve(file))) {
        throw new IllegalArgumentException(dir + " is not a model bundle: it has no " + file);
      }
    }
    Model<Label> model = Model.deserializeFromFile(dir.resolve(MODEL_FILE)).castModel(Label.class);
    ServingSpec serving = JSON.readValue(dir.resolve(SERVING_FILE).toFile(), ServingSpec.class);
    return new ModelBundle(model, serving);
  }

  /**
   * Predict one request the way serving does: take the features named in {@code serving.json}
   * (numbers, or strings holding numbers), apply its scaling, and ask the model.
   */
  public Prediction<Label> predict(Map<String, ?> features) {
    List<String> names = serving.features();
    double[] values = new double[names.size()];
    for (int f = 0; f < values.length; f++) {
      double raw = number(names.get(f), features.get(names.get(f)));
      values[f] = serving.scaling() == Scaling.STANDARD ? serving.scaler().standardise(f, raw) : raw;
    }
    return model.predict(
        new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names.toArray(String[]::new), values));
  }

  private static double number(String feature, Object value) {
    if (value == null) {
      throw new InvalidFeaturesException("features." + feature, "missing: the model reads this feature");
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(value.toString());
    } catch (NumberFormatException e) {
      throw new InvalidFeaturesException("features." + feature, "expected a number, found '" + value + "'");
    }
  }
}
