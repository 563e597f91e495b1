package io.trainyard.tabular;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.step.InvalidStepInput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Standardisation statistics (per-feature mean and standard deviation) of a training table, with
 * the label column they belong to: what {@code tabular-split} writes as its {@code scaler} output.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Scaler(String label, List<FeatureScale> features) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One feature's mean and (population) standard deviation. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FeatureScale(String name, double mean, double std) {}

  public Scaler {
    features = List.copyOf(features);
  }

  /** The statistics of every feature of {@code data}. */
  public static Scaler fit(TabularData data) {
    int n = data.size();
    if (n == 0) {
      throw new InvalidStepInput("cannot compute scaling statistics of an empty table");
    }
    List<FeatureScale> scales = new ArrayList<>();
    for (int f = 0; f < data.features().size(); f++) {
      double sum = 0;
      for (double[] row : data.rows()) {
        sum += row[f];
      }
      double mean = sum / n;
      double squares = 0;
      for (double[] row : data.rows()) {
        squares += (row[f] - mean) * (row[f] - mean);
      }
      scales.add(new FeatureScale(data.features().get(f), mean, Math.sqrt(squares / n)));
    }
    return new Scaler(data.label(), scales);
  }

  /** The feature names, in order. */
  public List<String> featureNames() {
    return features.stream().map(FeatureScale::name).toList();
  }

  /** Standardise a row whose columns are {@code names}; every name must be a known feature. */
  public double[] apply(List<String> names, double[] row) {
    if (!names.equals(featureNames())) {
      throw new InvalidStepInput(
          "the table's " + names.size() + " features differ from the scaler's " + featureNames().size()
              + " (names or order)");
    }
    double[] scaled = new double[row.length];
    for (int f = 0; f < row.length; f++) {
      scaled[f] = standardise(f, row[f]);
    }
    return scaled;
  }

  /** Standardise the value of the feature at {@code index}. */
  public double standardise(int index, double value) {
    FeatureScale scale = features.get(index);
    // a constant feature has no spread: centre it and leave its scale alone instead of dividing by 0
    double std = scale.std() == 0 ? 1 : scale.std();
    return (value - scale.mean()) / std;
  }

  /** Read a scaler written by {@link #write}. */
  public static Scaler read(Path json) throws IOException {
    return JSON.readValue(json.toFile(), Scaler.class);
  }

  /** Write as JSON. */
  public void write(Path json) throws IOException {
    JSON.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), this);
  }
}
